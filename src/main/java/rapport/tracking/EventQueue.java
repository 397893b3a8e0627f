package rapport.tracking;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import rapport.feedback.FeedbackLog;
import rapport.feedback.MachineTraffic;
import rapport.feedback.MessageRef;
import rapport.feedback.Signal;

/**
 * Opens and clicks on their way to the {@link FeedbackLog}: request threads {@link #put} hits
 * into a bounded queue and a single writer thread drains up to {@code batchSize} at a time,
 * gathering for up to {@code gather} after the first hit of a batch,
 * classifies each as human or machine (which needs the message's delivery time, looked up once
 * per batch) and records the batch in one transaction. A burst of pixel fetches thus costs a
 * handful of transactions instead of one each, and the request threads never touch the database.
 * Every fetch goes to the log as it came; the log makes the first human fetch of a note its one
 * open and counts the rest as hits, so a pixel fetched in a loop costs a couple of updates per batch.
 * The gathering is what keeps it a handful under steady load: each commit writes the pages it
 * changed, so a writer that commits whatever trickled in since the last one spends most of its
 * time committing.
 *
 * <p>Nothing is dropped for lack of room: when the queue is full, {@link #put} waits. A failed
 * write is retried with doubling backoff; after the last attempt the batch is logged as lost and
 * the writer carries on with the next one, so a database outage can neither kill the writer nor
 * make it hold the queue (and every pixel request) hostage forever.
 *
 * <p>Thread-safe. {@link #close} writes everything accepted before it and stops the writer.
 */
final class EventQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventQueue.class);
    /** User-Agent headers are the client's to choose: long ones are cut before they reach the store. */
    static final int MAX_AGENT = 500;
    /** How often a gathering writer looks whether a batch is full or the queue closed. */
    private static final long GATHER_NAP_MILLIS = 10;
    /** Marks the end of the stream: put last by close(), after which nothing more is accepted. */
    private static final Hit END = new Hit(Hit.Kind.OPEN, new MessageRef(0, ""), Instant.EPOCH, null, null, false);

    /**
     * One pixel fetch or link follow, as the request thread saw it. {@code probe} marks a request
     * no person makes (a HEAD): it is recorded as machine traffic whatever the User-Agent says.
     */
    record Hit(Kind kind, MessageRef message, Instant at, String url, String agent, boolean probe) {
        enum Kind { OPEN, CLICK }

        Hit {
            if (agent != null && agent.length() > MAX_AGENT) agent = agent.substring(0, MAX_AGENT);
        }

        Signal signal(Instant deliveredAt) {
            boolean machine = probe || MachineTraffic.isMachine(agent, at, deliveredAt);
            return kind == Kind.OPEN
                    ? new Signal.Open(message, at, machine, agent)
                    : new Signal.Click(message, at, url, machine, agent);
        }
    }

    private final FeedbackLog log;
    private final BlockingQueue<Hit> queue;
    private final int batchSize;
    private final int attempts;
    private final Duration firstBackoff;
    private final long gatherNanos;
    private final Thread writer;
    // Puts hold the read lock while they check "closed" and enqueue; close() takes the write
    // lock to flip it, so every accepted hit is in the queue before the end marker.
    private final ReadWriteLock closing = new ReentrantReadWriteLock();
    // Written under the write lock; volatile so that a gathering writer sees it and stops waiting.
    private volatile boolean closed;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();

    private EventQueue(FeedbackLog log, int capacity, int batchSize, int attempts, Duration firstBackoff, Duration gather) {
        this.log = log;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.batchSize = batchSize;
        this.attempts = attempts;
        this.firstBackoff = firstBackoff;
        this.gatherNanos = gather.toNanos();
        this.writer = new Thread(this::drain, "rapport-tracking-writer");
    }

    /** A queue with its writer thread running; {@code gather} zero writes whatever is queued at once. */
    static EventQueue start(FeedbackLog log, int capacity, int batchSize, int attempts, Duration firstBackoff, Duration gather) {
        if (capacity < 1 || batchSize < 1 || attempts < 1) throw new IllegalArgumentException("capacity, batch size and attempts must be positive");
        if (gather.isNegative()) throw new IllegalArgumentException("gather must not be negative");
        EventQueue q = new EventQueue(log, capacity, batchSize, attempts, firstBackoff, gather);
        q.writer.start();
        return q;
    }

    /**
     * Queues a hit, waiting while the queue is full. Returns false, queuing nothing, once the
     * queue is closed.
     */
    boolean put(Hit hit) throws InterruptedException {
        closing.readLock().lock();
        try {
            if (closed) return false;
            queue.put(hit);
            return true;
        } finally {
            closing.readLock().unlock();
        }
    }

    /** Hits recorded so far. */
    long written() {
        return written.get();
    }

    /** Hits given up on after every attempt to record them failed. */
    long lost() {
        return lost.get();
    }

    /** Stops accepting hits, waits until the writer has recorded (or given up on) every queued one. */
    @Override
    public void close() {
        closing.writeLock().lock();
        try {
            if (closed) return;
            closed = true;
        } finally {
            closing.writeLock().unlock();
        }
        boolean interrupted = false;
        while (true) {
            try {
                queue.put(END);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (Writers.awaitEnd(writer) || interrupted) Thread.currentThread().interrupt();
    }

    private void drain() {
        List<Hit> batch = new ArrayList<>(batchSize);
        boolean end = false;
        while (!end) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                // Nobody but close() ends this thread, and it does so with the end marker.
                continue;
            }
            gather();
            queue.drainTo(batch, batchSize - 1);
            if (batch.get(batch.size() - 1) == END) {
                batch.remove(batch.size() - 1);
                end = true;
            }
            if (!batch.isEmpty()) write(List.copyOf(batch));
            batch.clear();
        }
    }

    /**
     * Lets more hits arrive after the first of a batch: until the gathering time is up, a batch
     * is waiting in the queue, or the queue closes. Naps instead of taking hits one by one, which
     * would wake this thread for every request.
     */
    private void gather() {
        long deadline = System.nanoTime() + gatherNanos;
        while (!closed && queue.size() < batchSize - 1) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return;
            try {
                Thread.sleep(Math.max(1, Math.min(GATHER_NAP_MILLIS, left / 1_000_000)));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void write(List<Hit> batch) {
        Duration backoff = firstBackoff;
        for (int attempt = 1; ; attempt++) {
            try {
                Set<MessageRef> messages = new HashSet<>();
                for (Hit h : batch) messages.add(h.message());
                Map<MessageRef, Instant> delivered = log.deliveredAt(messages);
                log.record(batch.stream().map(h -> h.signal(delivered.get(h.message()))).toList());
                written.addAndGet(batch.size());
                return;
            } catch (RuntimeException e) {
                if (attempt >= attempts) {
                    lost.addAndGet(batch.size());
                    LOG.error("tracking: gave up recording {} opens/clicks after {} attempts: {}", batch.size(), attempts, e.toString());
                    return;
                }
                LOG.warn("tracking: recording {} opens/clicks failed (attempt {} of {}), retrying in {} ms: {}",
                        batch.size(), attempt, attempts, backoff.toMillis(), e.toString());
                sleep(backoff);
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
