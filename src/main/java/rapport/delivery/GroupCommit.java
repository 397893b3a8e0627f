package rapport.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Group commit for outcomes: workers hand in what happened and one thread writes whatever has
 * gathered in one transaction. With a gathering time, outcomes wait for company until a worker
 * needs them recorded ({@link #flush}), a group is full, or the time is up; without one, each
 * group is written as soon as the thread takes it. After each commit, {@code committed} hears
 * how many outcomes of each ticket the ledger now holds. Thread-safe.
 */
final class GroupCommit implements AutoCloseable {
    /** The ticket of an outcome nobody needs to hear about. */
    static final int NO_TICKET = -1;
    private static final int MAX_GROUP = 2000;
    /** Queued by {@link #flush}: what was handed in before it is committed without further gathering. */
    private static final Item FLUSH = new Item(null, NO_TICKET, null);

    private record Item(Ledger.Outcome outcome, int ticket, CompletableFuture<Void> done) {}

    private final Ledger ledger;
    private final String runId;
    /** The process whose claims these outcomes are: the fencing token of every write. */
    private final String process;
    private final long gatherNanos;
    private final Consumer<Map<Integer, Integer>> committed;
    private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closing;

    GroupCommit(Ledger ledger, String runId, String process, Duration gather, Consumer<Map<Integer, Integer>> committed) {
        this.ledger = ledger;
        this.runId = runId;
        this.process = process;
        this.gatherNanos = gather.toNanos();
        this.committed = committed;
        this.thread = new Thread(this::loop, "rapport-group-commit");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Hands in an outcome; the future completes once it is in the ledger. */
    CompletableFuture<Void> submit(Ledger.Outcome outcome, int ticket) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new Item(outcome, ticket, done));
        return done;
    }

    void flush() {
        if (gatherNanos > 0) queue.add(FLUSH);
    }

    /** Waits for a commit; a commit that failed is a fault of the run. */
    static void await(CompletableFuture<Void> done) throws InterruptedException {
        try {
            done.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot record an outcome: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private void loop() {
        List<Item> group = new ArrayList<>();
        while (!closing || !queue.isEmpty()) {
            try {
                gather(group);
                if (group.isEmpty()) continue;
                ledger.record(runId, process, group.stream().map(Item::outcome).toList());
                committed.accept(tickets(group));
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

    /** The next group: until a flush, a full group, closing or the gathering time. */
    private void gather(List<Item> group) throws InterruptedException {
        Item first = queue.poll(50, TimeUnit.MILLISECONDS);
        if (first == null) return;
        boolean flushed = take(first, group);
        long until = System.nanoTime() + gatherNanos;
        while (!flushed && !closing && group.size() < MAX_GROUP) {
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

    private static Map<Integer, Integer> tickets(List<Item> group) {
        Map<Integer, Integer> lines = new HashMap<>();
        for (Item i : group) if (i.ticket() != NO_TICKET) lines.merge(i.ticket(), 1, Integer::sum);
        return lines;
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
