package rapport.tracking;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import rapport.feedback.FeedbackLog;
import rapport.feedback.Signal;

/**
 * Records what people press on the pages (ratings) in shared transactions, and tells each
 * request only once its own signal is committed: a request thread {@link #record}s and waits; one
 * writer thread takes whatever has queued meanwhile and records it in one transaction. Under load
 * the batches grow by themselves (everything that arrived during the last commit goes in the
 * next), so the commits per second stay few while nobody is told "thank you" for an answer that
 * was not kept. A failed batch is tried again signal by signal, so one bad signal fails only its
 * own request.
 *
 * <p>Thread-safe. {@link #close} records everything accepted before it, then stops the writer.
 */
final class GroupCommit implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);
    private static final Pending END = new Pending(null, null);

    private record Pending(Signal signal, CompletableFuture<Void> done) {}

    private final FeedbackLog log;
    private final int batchSize;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;

    private GroupCommit(FeedbackLog log, int batchSize) {
        this.log = log;
        this.batchSize = batchSize;
        this.writer = new Thread(this::drain, "rapport-pages-writer");
        this.writer.setDaemon(true);
    }

    static GroupCommit start(FeedbackLog log, int batchSize) {
        GroupCommit g = new GroupCommit(log, batchSize);
        g.writer.start();
        return g;
    }

    /**
     * Records {@code signal} and returns once it is committed.
     *
     * @throws IllegalStateException when it could not be recorded (the store failed, or the writer has stopped)
     */
    void record(Signal signal) throws InterruptedException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (this) {
            if (closed) throw new IllegalStateException("the pages are closing");
            queue.add(new Pending(signal, done));
        }
        try {
            done.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("not recorded: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("not recorded in time", e);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
            queue.add(END);
        }
        if (Writers.awaitEnd(writer)) Thread.currentThread().interrupt();
    }

    private void drain() {
        List<Pending> batch = new ArrayList<>(batchSize);
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                continue;
            }
            queue.drainTo(batch, batchSize - 1);
            boolean end = batch.remove(END);
            if (!batch.isEmpty()) write(batch);
            batch.clear();
            if (end) return;
        }
    }

    private void write(List<Pending> batch) {
        try {
            log.record(batch.stream().map(Pending::signal).toList());
            batch.forEach(p -> p.done().complete(null));
            return;
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                LOG.error("tracking: could not record a {}: {}", kind(batch.get(0)), e.toString());
                batch.get(0).done().completeExceptionally(e);
                return;
            }
            LOG.warn("tracking: recording {} answers together failed, trying one by one: {}", batch.size(), e.toString());
        }
        for (Pending p : batch) write(List.of(p));
    }

    private static String kind(Pending p) {
        return p.signal().getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }
}
