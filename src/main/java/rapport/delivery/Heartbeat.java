package rapport.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process's part in a run: it beats while it plans or sends, and on each beat hands back the
 * claims of processes that stopped beating (killed, crashed), after recording what they made
 * durable, so their rows go to the living without being sent twice. On real time, whatever the
 * command's as-of: processes must agree on who is alive.
 *
 * <p>It is also this process's lease on its claims. Others hand them back only once its beat is
 * {@code staleAfter} old, so while its last beat is younger than half that, they are surely its
 * own. A process that stalls (stopped, swapped out, a long pause) and wakes may have lost them:
 * its next beat counts a lapse, and a worker that claimed before the lapse asks the ledger which
 * rows are still its own before it sends another. Thread-safe; close it once.
 */
final class Heartbeat implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);

    private final Ledger ledger;
    private final Durability durability;
    private final Clock wall;
    private final SendOptions options;
    private final String runId;
    private final String process;
    /** Two threads: a hand-back waiting on rows a stalled process still locks must not hold up this process's beat. */
    private final ScheduledExecutorService beat = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "rapport-heartbeat");
        t.setDaemon(true);
        return t;
    });
    /** Wall time in milliseconds until which this process's claims are surely its own. */
    private volatile long leaseUntil;
    /** How many times the lease lapsed: claims taken before a lapse may have been handed back. */
    private final AtomicLong lapses = new AtomicLong();

    private Heartbeat(Ledger ledger, Durability durability, Clock wall, SendOptions options, String runId, String process) {
        this.ledger = ledger;
        this.durability = durability;
        this.wall = wall;
        this.options = options;
        this.runId = runId;
        this.process = process;
    }

    static Heartbeat start(Ledger ledger, Durability durability, Clock wall, SendOptions options, String runId, String process) {
        Heartbeat h = new Heartbeat(ledger, durability, wall, options, runId, process);
        h.renew();
        long every = options.heartbeat().toMillis();
        // A beat or hand-back that fails (the database away for a moment) must not end the beating.
        h.beat.scheduleAtFixedRate(() -> {
            try {
                h.renew();
            } catch (RuntimeException e) {
                LOG.warn("heartbeat failed: {}", e.getMessage());
            }
        }, every, every, TimeUnit.MILLISECONDS);
        h.beat.scheduleWithFixedDelay(() -> {
            try {
                h.reclaimStale();
            } catch (RuntimeException e) {
                LOG.warn("handing back the claims of stopped processes failed: {}", e.getMessage());
            }
        }, every, every, TimeUnit.MILLISECONDS);
        return h;
    }

    /**
     * Beats now, counting a lapse if the lease ran out since the last beat; returns the lapse
     * count under which claims taken from now on are held. Once this returns, no other process
     * hands this one's claims back for a while: those the ledger still gives it are its own.
     */
    synchronized long renew() {
        long now = wall.millis();
        if (now >= leaseUntil) lapses.incrementAndGet();
        ledger.heartbeat(process, runId, Instant.ofEpochMilli(now));
        leaseUntil = now + options.staleAfter().toMillis() / 2;
        return lapses.get();
    }

    /** The lapse count now: what a worker notes as it claims. */
    long lapses() {
        return lapses.get();
    }

    /** Whether claims taken when the lapse count was {@code lapsesAtClaim} are surely still this process's. */
    boolean holds(long lapsesAtClaim) {
        // The lease before the count: a beat that ends a lapse counts it before it moves the lease
        // on, so a lease read as moved on comes with the lapse counted.
        long until = leaseUntil;
        boolean counted = lapses.get() != lapsesAtClaim;
        return !counted && wall.millis() < until;
    }

    /** Hands back the claims of the dead, once what they noted as sent is in the ledger; returns how many. */
    int reclaimStale() {
        durability.recover();
        return ledger.reclaimStale(runId, wall.instant().minus(options.staleAfter()));
    }

    /** Whether the planning lease is this process's (taken or kept); false while a live process plans. */
    boolean takePlanning() {
        return ledger.takePlanning(runId, process, wall.instant().minus(options.staleAfter()));
    }

    @Override
    public void close() {
        beat.shutdownNow();
        ledger.processGone(process);
    }
}
