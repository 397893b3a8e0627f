package rapport.feedback;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where feedback lands: the customer's timeline, counters and status, and the message's own
 * record, written together, and where a customer stands after it ({@link Subscriptions}). The store
 * implements it at the edge; implementations are thread-safe.
 */
public interface FeedbackLog extends Subscriptions {
    /** Temporary delivery failures in a row, with no engagement between, after which an address is suppressed. */
    int SOFT_BOUNCES_TO_SUPPRESS = 3;

    /**
     * Records a batch of signals in one transaction. A signal for a customer that no longer
     * exists (forgotten, or a token for someone never imported) changes nothing; an unsubscribe
     * or complaint for a customer already suppressed changes nothing either (idempotent).
     */
    void record(List<Signal> signals);

    /**
     * As {@link #record(List)}, and remembers the inbound mail {@code inboundKey} as handled with
     * {@code outcome} in the same transaction, so a poll killed half-way never records it twice:
     * a mail an earlier poll already recorded changes nothing and is answered
     * {@link InboundRecording#ALREADY_RECORDED}.
     */
    InboundRecording recordInbound(String inboundKey, String outcome, List<Signal> signals);

    /** When each of these messages was accepted by the mail server, for those that were. */
    Map<MessageRef, Instant> deliveredAt(Collection<MessageRef> messages);

    /** The message Rapport sent with this Message-ID (angle brackets optional), if it did. */
    Optional<MessageRef> sentMessage(String messageId);

    /** The refusals about the sender recorded for a run's notes, and how many notes it sent. */
    record RunRefusals(String runId, int refusals, int sent) {}

    /** How many refusals about the sender came back for this run (none for a run unknown). */
    default RunRefusals senderRefusals(String runId) {
        throw new UnsupportedOperationException("this feedback log does not count refusals about the sender");
    }

    /** Pauses a run (or, when it has finished, leaves this as its note) because refusals about the sender piled up. */
    default void pauseForSender(String runId, String note) {
        throw new UnsupportedOperationException("this feedback log does not pause runs");
    }

    /** What {@link #recordInbound} did with a mail: recorded it now, or found an earlier poll had. */
    enum InboundRecording { RECORDED, ALREADY_RECORDED }
}
