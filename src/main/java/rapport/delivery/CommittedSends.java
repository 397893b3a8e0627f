package rapport.delivery;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Durability on a database server: each outcome is committed as soon as the writer takes it (in
 * one transaction with whatever else has gathered), and a worker that handed in a "sent" waits
 * for that commit. Nothing is ever left to recover. Thread-safe.
 */
public final class CommittedSends implements Durability {
    private final Ledger ledger;

    public CommittedSends(Ledger ledger) {
        this.ledger = ledger;
    }

    @Override
    public int recover() {
        return 0;
    }

    @Override
    public Recorder recorder(String runId, String process) {
        GroupCommit commits = new GroupCommit(ledger, runId, process, Duration.ZERO, tickets -> { });
        return new Recorder() {
            @Override
            public CompletableFuture<Void> record(Ledger.Outcome outcome) throws InterruptedException {
                CompletableFuture<Void> done = commits.submit(outcome, GroupCommit.NO_TICKET);
                if (outcome instanceof Ledger.Outcome.Sent) GroupCommit.await(done);
                return done;
            }

            @Override
            public void flush() {
                // Every outcome is committed at once already.
            }

            @Override
            public void close() {
                commits.close();
            }
        };
    }
}
