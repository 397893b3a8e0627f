package rapport.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Group commit for outcomes: workers hand in what happened and a single thread writes whatever
 * has gathered in one transaction. A worker waits for its "sent" to be durable before it sends
 * again, so after a kill at most one accepted-but-unrecorded message per connection can be
 * resent. Thread-safe.
 */
final class LedgerWriter implements AutoCloseable {
    private static final int MAX_GROUP = 500;

    private record Item(Ledger.Outcome outcome, CompletableFuture<Void> done) {}

    private final Ledger ledger;
    private final String runId;
    private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closing;

    LedgerWriter(Ledger ledger, String runId) {
        this.ledger = ledger;
        this.runId = runId;
        this.thread = new Thread(this::loop, "rapport-ledger-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    CompletableFuture<Void> submit(Ledger.Outcome outcome) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new Item(outcome, done));
        return done;
    }

    private void loop() {
        List<Item> group = new ArrayList<>();
        while (!closing || !queue.isEmpty()) {
            try {
                Item first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                group.add(first);
                queue.drainTo(group, MAX_GROUP - 1);
                ledger.record(runId, group.stream().map(Item::outcome).toList());
                group.forEach(i -> i.done().complete(null));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                group.forEach(i -> i.done().completeExceptionally(e));
            }
            group.clear();
        }
    }

    /** Writes what is queued, then stops. */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
