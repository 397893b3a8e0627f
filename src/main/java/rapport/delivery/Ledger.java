package rapport.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import rapport.customer.Customer;
import rapport.customer.Status;

/**
 * The delivery ledger a run needs: runs, planned rows, claims and outcomes. The store implements
 * it; implementations are thread-safe and every claim is a conditional update in the database,
 * so several workers and several processes can share one run.
 */
public interface Ledger {

    /** A run as stored. {@code notDue} counts the customers that were not due, by why. */
    record Run(String id, Instant asOf, String state, String note, long planCursor, Map<String, Integer> notDue) {}

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

        record Sent(long customerId, String piece, String kind, String messageId, Instant at) implements Outcome {}

        record Retry(long customerId, int attempts, Instant nextAttempt, String reason) implements Outcome {}

        /** Done without sending: {@code state} is skipped, failed or bounced. */
        record Final(long customerId, String state, int attempts, String reason, Instant at) implements Outcome {}
    }

    /**
     * Where a sending process notes each message the server accepted, durably, ahead of the
     * group commit that records it: a worker sends on as soon as the note is written. Lines are
     * numbered by a ticket; the journal keeps them until told the ledger has them.
     */
    interface Journal extends AutoCloseable {
        /** Notes an accepted message; it survives a kill of this process once this returns. */
        int sent(String runId, Outcome.Sent sent);

        /** {@code lines} notes of this ticket are now in the ledger. */
        void recorded(int ticket, int lines);

        /** Keeps what the ledger does not yet have, for the next process to replay; removes the rest. */
        @Override
        void close();
    }

    /**
     * A journal for this sender, or empty where the ledger offers none and every "sent" must be
     * waited for until {@link #record} commits it.
     */
    Optional<Journal> journal(String sender);

    /** The run with this id, created in planning state if it is new. */
    Run openRun(String runId, Instant asOf, Instant now);

    Optional<Run> run(String runId);

    /** Takes (or keeps) the planning lease; false while another live process plans. */
    boolean takePlanning(String runId, String sender, Instant staleBefore);

    /** Writes a page of planned rows and moves the planning cursor, in one transaction. */
    void plan(String runId, String sender, List<Planned> rows, long cursor, Map<String, Integer> notDue);

    void planningDone(String runId);

    void heartbeat(String sender, String runId, Instant now);

    void senderGone(String sender);

    /** Hands back claims of processes whose heartbeat is older than {@code staleBefore}. */
    int reclaimStale(String runId, Instant staleBefore);

    /** Claims up to {@code limit} rows for {@code worker}; returns those this call claimed, not its earlier ones. */
    List<Claim> claim(String runId, String sender, String worker, int limit, Instant now);

    /** Gives back every claim of this process (a graceful stop). */
    void release(String runId, String sender);

    void record(String runId, List<Outcome> outcomes);

    /** Rows ready to send now, and when the earliest waiting retry is due. */
    record Pending(long ready, Optional<Instant> nextRetry) {
        public boolean done() {
            return ready == 0 && nextRetry.isEmpty();
        }
    }

    Pending pending(String runId);

    Map<String, Integer> counts(String runId);

    Map<String, Integer> skipReasons(String runId);

    void pause(String runId, String note);

    void resume(String runId);

    boolean finish(String runId, Instant now);

    Map<Long, Status> statuses(List<Long> customerIds);

    Map<Long, Customer> customers(List<Long> customerIds);
}
