package rapport.delivery;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A process's part in a run: it beats while it plans or sends, and on each beat hands back the
 * claims of processes that stopped beating (killed, crashed), after recording what they made
 * durable, so their rows go to the living without being sent twice. On real time, whatever the
 * command's as-of: processes must agree on who is alive. Thread-safe; close it once.
 */
final class Heartbeat implements AutoCloseable {
    private final Ledger ledger;
    private final Durability durability;
    private final Clock wall;
    private final SendOptions options;
    private final String runId;
    private final String process;
    private final ScheduledExecutorService beat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rapport-heartbeat");
        t.setDaemon(true);
        return t;
    });

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
        ledger.heartbeat(process, runId, wall.instant());
        long every = options.heartbeat().toMillis();
        h.beat.scheduleAtFixedRate(() -> {
            ledger.heartbeat(process, runId, wall.instant());
            h.reclaimStale();
        }, every, every, TimeUnit.MILLISECONDS);
        return h;
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
