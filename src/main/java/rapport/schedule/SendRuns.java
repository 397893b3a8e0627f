package rapport.schedule;

import java.time.Instant;
import rapport.delivery.SendRun;
import rapport.delivery.SendSummary;

/**
 * What the send job needs from the composition root: a run wired exactly as {@code rapport send}
 * wires it, and someone to tell what each scheduled run did. Implementations are called from a
 * scheduler thread, one send at a time.
 */
public interface SendRuns {
    /** A new run on the shared database, with the templates and catalog read afresh. */
    SendRun open();

    /** What the run of {@code slot} did; by default nothing is told. */
    default void finished(Instant slot, SendSummary summary) {
    }
}
