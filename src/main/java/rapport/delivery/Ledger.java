package rapport.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import rapport.customer.Customer;
import rapport.customer.Status;

/**
 * The delivery ledger a run needs: runs, planned rows, claims and outcomes. The store implements
 * it; implementations are thread-safe and every claim is a conditional update in the database,
 * so several workers and several processes can share one run. A {@code process} is one running
 * {@code rapport} that takes part in a run (it beats a heartbeat); a {@code worker} is one of its
 * sending threads.
 */
public interface Ledger {

    /** A run as stored. {@code notDue} counts the customers that were not due, by why. */
    record Run(String id, Instant asOf, RunState state, String note, long planCursor, Map<String, Integer> notDue) {}

    /** A row to write at planning time: planned with its piece, or skipped with a reason. */
    record Planned(long customerId, String piece, String reason) {
        public boolean skipped() {
            return piece == null;
        }
    }

    /** A claimed row: this worker sends it now. */
    record Claim(long customerId, String piece, int attempts) {}

    /** What happened to a claimed row, recorded in one transaction with others (group commit). */
    sealed interface Outcome {
        long customerId();

        /** {@code subject} as the customer saw it, for the page that asks whether the note was useful; may be null. */
        record Sent(long customerId, String piece, String kind, String messageId, Instant at, String subject) implements Outcome {
            public Sent(long customerId, String piece, String kind, String messageId, Instant at) {
                this(customerId, piece, kind, messageId, at, null);
            }
        }

        record Retry(long customerId, int attempts, Instant nextAttempt, String reason) implements Outcome {}

        /** Done without sending: {@code state} is skipped, failed or bounced. */
        record Final(long customerId, DeliveryState state, int attempts, String reason, Instant at) implements Outcome {}
    }

    /** The run with this id, created in planning state if it is new. */
    Run openRun(String runId, Instant asOf, Instant now);

    Optional<Run> run(String runId);

    /** Takes (or keeps) the planning lease; false while another live process plans. */
    boolean takePlanning(String runId, String process, Instant staleBefore);

    /** Writes a page of planned rows and moves the planning cursor, in one transaction. */
    void writePlanned(String runId, String process, List<Planned> rows, long cursor, Map<String, Integer> notDue);

    void planningDone(String runId);

    void heartbeat(String process, String runId, Instant now);

    void processGone(String process);

    /** Hands back claims of processes whose heartbeat is older than {@code staleBefore}. */
    int reclaimStale(String runId, Instant staleBefore);

    /** Claims up to {@code limit} rows for {@code worker}; returns those this call claimed, not its earlier ones. */
    List<Claim> claim(String runId, String process, String worker, int limit, Instant now);

    /** The rows {@code worker} holds claimed now: after a lapse of its lease, which of its claims are still its own. */
    Set<Long> held(String runId, String worker);

    /** Gives back every claim of this process (a graceful stop). */
    void release(String runId, String process);

    /**
     * Records outcomes of rows {@code process} claimed, fenced by the claim: a row another process
     * holds now (this one stalled past its lease and its claims were handed back) is left as it is.
     */
    void record(String runId, String process, List<Outcome> outcomes);

    /** Records outcomes recovered from the journal of a process that died, on any row not yet sent. */
    void record(String runId, List<Outcome> outcomes);

    /** Rows ready to send now, and when the earliest waiting retry is due. */
    record Pending(long ready, Optional<Instant> nextRetry) {
        public boolean done() {
            return ready == 0 && nextRetry.isEmpty();
        }
    }

    Pending pending(String runId);

    Map<DeliveryState, Integer> counts(String runId);

    Map<String, Integer> skipReasons(String runId);

    void pause(String runId, String note);

    void resume(String runId);

    boolean finish(String runId, Instant now);

    Map<Long, Status> statuses(List<Long> customerIds);

    Map<Long, Customer> customers(List<Long> customerIds);
}
