package rapport.delivery;

import java.util.concurrent.CompletableFuture;

/**
 * How a "sent" becomes durable before its worker sends again, so that after a kill at most one
 * accepted-but-unrecorded message per connection can go out twice. Two ways, chosen by the
 * database: {@link JournaledSends} notes each one in a journal file beside an embedded database
 * and records them in large groups; {@link CommittedSends} waits for the group commit of a
 * database server. Implementations are thread-safe.
 */
public sealed interface Durability permits JournaledSends, CommittedSends {

    /**
     * Records in the ledger what processes that died had made durable but not yet recorded; the
     * explicit step a run takes as it opens and before it hands anyone's claims back (or those
     * messages would be sent again). Returns how many outcomes it recorded.
     */
    int recover();

    /** Where the workers of one process hand in the outcomes of one run. */
    Recorder recorder(String runId, String process);

    /** Outcomes on their way into the ledger. Thread-safe. */
    interface Recorder extends AutoCloseable {
        /**
         * Hands in an outcome. For a {@link Ledger.Outcome.Sent} it returns only once the "sent"
         * survives a kill of this process. The future completes once the outcome is in the ledger.
         */
        CompletableFuture<Void> record(Ledger.Outcome outcome) throws InterruptedException;

        /** Asks for everything handed in so far to be committed now: a worker is about to wait for it. */
        void flush();

        /** Writes what is queued, then stops; what could not be written stays for {@link #recover}. */
        @Override
        void close();
    }
}
