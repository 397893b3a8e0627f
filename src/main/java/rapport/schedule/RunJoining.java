package rapport.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import rapport.delivery.SendRun;
import rapport.delivery.SendSummary;

/**
 * How the nodes of a cluster share a send that fired on one of them. The weekly send fires on a
 * single node; every few seconds each node looks for a run that a live process plans or sends
 * and, when it finds one, takes part with a run of its own on the same ledger rows (claimed row
 * by row, so nobody gets a note twice). The send then goes as fast as all the nodes' connections
 * allow, and a node that dies leaves its part to those still sending. A node sends one run at a
 * time: the scheduled send and a joined one take turns ({@link #turn()}). Thread-safe; close it
 * once, before the scheduler, so that a send job waiting for its turn gets it.
 */
public final class RunJoining implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunJoining.class);

    private final SendRuns runs;
    private final Lock turn = new ReentrantLock();
    private final ScheduledExecutorService looking = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rapport-join");
        t.setDaemon(true);
        return t;
    });
    private volatile SendRun current;
    private volatile boolean closing;

    /** Joins nothing until {@link #lookEvery} says how often to look. */
    public RunJoining(SendRuns runs) {
        this.runs = runs;
    }

    /** Looks for a run to join every {@code every}; with {@code every} zero, never (one node, nothing to share). */
    public RunJoining lookEvery(Duration every) {
        if (!every.isZero()) looking.scheduleWithFixedDelay(this::look, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Held while this node sends a run, scheduled or joined. */
    Lock turn() {
        return turn;
    }

    private void look() {
        if (closing || !turn.tryLock()) return;
        try {
            Optional<Instant> asOf = runs.inProgress();
            if (asOf.isEmpty() || closing) return;
            SendRun run = runs.open();
            current = run;
            // Both fields are volatile: a close that came before `current` was set is seen here.
            if (closing) run.stop();
            LOG.info("taking part in the send of {} begun by another node", asOf.get());
            SendSummary summary = run.run(asOf.get(), sent -> { });
            runs.finished(asOf.get(), summary);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("taking part in a send failed: {}; the other nodes carry on", e.getMessage(), e);
        } finally {
            current = null;
            turn.unlock();
        }
    }

    /** Stops a joined send (its messages in flight finish, the rest stay queued) and stops looking. */
    @Override
    public void close() throws InterruptedException {
        closing = true;
        SendRun run = current;
        if (run != null) run.stop();
        looking.shutdown();
        if (!looking.awaitTermination(60, TimeUnit.SECONDS)) looking.shutdownNow();
    }
}
