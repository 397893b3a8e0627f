package rapport.schedule;

import java.time.Instant;
import java.util.Optional;
import rapport.delivery.SendRun;
import rapport.delivery.SendSummary;

/**
 * What the send job needs from the composition root: a run wired exactly as {@code rapport send}
 * wires it, someone to tell what each run did, and where to look for a run other nodes began.
 * Implementations are called from a scheduler or joining thread, one send at a time.
 */
public interface SendRuns {
    /** A new run on the shared database, with the templates and catalog read afresh. */
    SendRun open();

    /** What the run of {@code slot} did; by default nothing is told. */
    default void finished(Instant slot, SendSummary summary) {
    }

    /** The as-of of a run that a live process plans or sends now, for the other nodes to join; by default none. */
    default Optional<Instant> inProgress() {
        return Optional.empty();
    }
}
