package rapport.delivery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Group commit for outcomes: workers hand in what happened and a single thread writes whatever
 * has gathered in one transaction. A "sent" must be durable before its worker sends again, so
 * that after a kill at most one accepted-but-unrecorded message per connection can be resent.
 * Where the ledger keeps a journal, the note in it is that, written as the outcome is handed in,
 * and outcomes gather into large groups until a worker needs them recorded ({@link #flush}) or
 * {@link #GATHER_MILLIS} pass; elsewhere each is committed at once while its worker waits.
 * Thread-safe.
 */
final class LedgerWriter implements AutoCloseable {
    private static final int MAX_GROUP = 2000;
    private static final long GATHER_MILLIS = 200;
    /** Queued by {@link #flush}: what was handed in before it is committed without further gathering. */
    private static final Item FLUSH = new Item(null, -1, null);

    /** {@code ticket}: the journal line's, or -1 when it has none. */
    private record Item(Ledger.Outcome outcome, int ticket, CompletableFuture<Void> done) {}

    private final Ledger ledger;
    private final String runId;
    private final Ledger.Journal journal;
    private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closing;

    LedgerWriter(Ledger ledger, String runId, String sender) {
        this.ledger = ledger;
        this.runId = runId;
        this.journal = ledger.journal(sender).orElse(null);
        this.thread = new Thread(this::loop, "rapport-ledger-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Hands in an outcome; the future completes once it is in the ledger. */
    CompletableFuture<Void> submit(Ledger.Outcome outcome) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        int ticket = journal != null && outcome instanceof Ledger.Outcome.Sent sent ? journal.sent(runId, sent) : -1;
        queue.add(new Item(outcome, ticket, done));
        return done;
    }

    /** Asks for everything handed in so far to be committed now: a worker is about to wait for it. */
    void flush() {
        if (journal != null) queue.add(FLUSH);
    }

    /** Whether a "sent" is durable once {@link #submit} returns, or only once its future completes. */
    boolean journals() {
        return journal != null;
    }

    private void loop() {
        List<Item> group = new ArrayList<>();
        while (!closing || !queue.isEmpty()) {
            try {
                gather(group);
                if (group.isEmpty()) continue;
                ledger.record(runId, group.stream().map(Item::outcome).toList());
                if (journal != null) forget(group);
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

    /** The next group: at once without a journal; with one, until a flush, a full group, closing or the gathering time. */
    private void gather(List<Item> group) throws InterruptedException {
        Item first = queue.poll(50, TimeUnit.MILLISECONDS);
        if (first == null) return;
        boolean flushed = take(first, group);
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GATHER_MILLIS);
        while (journal != null && !flushed && !closing && group.size() < MAX_GROUP) {
            long left = until - System.nanoTime();
            if (left <= 0) break;
            Item next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) break;
            flushed = take(next, group);
        }
        List<Item> rest = new ArrayList<>();
        queue.drainTo(rest, MAX_GROUP - group.size());
        for (Item i : rest) take(i, group);
    }

    private static boolean take(Item item, List<Item> group) {
        if (item == FLUSH) return true;
        group.add(item);
        return false;
    }

    /** The journal may let go of lines the ledger now holds. */
    private void forget(List<Item> group) {
        Map<Integer, Integer> lines = new HashMap<>();
        for (Item i : group) if (i.ticket() >= 0) lines.merge(i.ticket(), 1, Integer::sum);
        lines.forEach(journal::recorded);
    }

    /** Writes what is queued, then stops; the journal keeps only what could not be written. */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (journal != null) journal.close();
    }
}
