package rapport.delivery;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import rapport.customer.CustomerRepository;
import rapport.render.MessageComposer;

/**
 * One batch run, the story of {@code rapport send}: open (or resume) the run of the as-of day,
 * plan every due customer into the ledger, send through pooled connections, record, and sum
 * up. Safe to kill at any moment and to start twice: the ledger, not memory, says what is done.
 * Thread-safe for {@link #stop()} from another thread (a shutdown hook); one run per instance.
 */
public final class SendRun {
    private final CustomerRepository customers;
    private final Ledger ledger;
    private final Planner planner;
    private final MessageComposer composer;
    private final Mailer mailer;
    /** The command's clock: what the run records (notes, last contact, run times) is stamped on it. */
    private final Clock clock;
    /**
     * Real time, for what processes sharing the run must agree on whatever their as-of: heartbeats,
     * leases, and the Date header of a message that leaves.
     */
    private final Clock wall;
    private final ZoneId zone;
    private final SendOptions options;
    private final String sender = UUID.randomUUID().toString();
    private final AtomicBoolean stopping = new AtomicBoolean();

    public SendRun(CustomerRepository customers, Ledger ledger, Planner planner, MessageComposer composer, Mailer mailer,
                   Clock clock, Clock wall, ZoneId zone, SendOptions options) {
        this.customers = customers;
        this.ledger = ledger;
        this.planner = planner;
        this.composer = composer;
        this.mailer = mailer;
        this.clock = clock;
        this.wall = wall;
        this.zone = zone;
        this.options = options;
    }

    /** Asks the run to finish the messages in flight and hand back the rest. */
    public void stop() {
        stopping.set(true);
    }

    public SendSummary dryRun(Instant asOf) {
        long start = System.nanoTime();
        RunPlanner.Tally tally = new RunPlanner(customers, planner).dryRun(asOf);
        int skipped = tally.skipped().values().stream().mapToInt(Integer::intValue).sum();
        return new SendSummary(Planner.runKey(asOf, zone), "dry-run", true, tally.due(), 0, skipped, 0, 0, 0,
                sum(tally.notDue()), tally.pieces(), tally.skipped(), tally.notDue(), null, seconds(start));
    }

    public SendSummary run(Instant asOf, IntConsumer progress) throws InterruptedException {
        long start = System.nanoTime();
        String runId = Planner.runKey(asOf, zone);
        Ledger.Run run = ledger.openRun(runId, asOf, clock.instant());
        ScheduledExecutorService beat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rapport-heartbeat");
            t.setDaemon(true);
            return t;
        });
        try {
            ledger.heartbeat(sender, runId, wall.instant());
            beat.scheduleAtFixedRate(() -> {
                ledger.heartbeat(sender, runId, wall.instant());
                ledger.reclaimStale(runId, wall.instant().minus(options.staleAfter()));
            }, options.heartbeat().toMillis(), options.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
            run = plan(run);
            String note = null;
            if (!run.state().equals("finished") && !stopping.get()) {
                if (run.state().equals("paused")) ledger.resume(runId);
                ledger.reclaimStale(runId, wall.instant().minus(options.staleAfter()));
                note = new RunSender(ledger, planner, composer, mailer, clock, wall, options, sender, stopping).send(run, progress);
                if (note != null) ledger.pause(runId, note);
                else ledger.finish(runId, clock.instant());
            }
            return summary(ledger.run(runId).orElseThrow(), note, start);
        } finally {
            beat.shutdownNow();
            ledger.senderGone(sender);
        }
    }

    /** Plans the run if it still needs planning; waits while another process plans it. */
    private Ledger.Run plan(Ledger.Run run) throws InterruptedException {
        while (run.state().equals("planning") && !stopping.get()) {
            if (ledger.takePlanning(run.id(), sender, wall.instant().minus(options.staleAfter()))) {
                new RunPlanner(customers, planner).plan(ledger, ledger.run(run.id()).orElseThrow(), sender, run.asOf());
            } else {
                Thread.sleep(200);
            }
            run = ledger.run(run.id()).orElseThrow();
        }
        return run;
    }

    private SendSummary summary(Ledger.Run run, String note, long start) {
        Map<String, Integer> counts = ledger.counts(run.id());
        int due = sum(counts);
        return new SendSummary(run.id(), run.state(), false, due, counts.getOrDefault("sent", 0),
                counts.getOrDefault("skipped", 0), counts.getOrDefault("failed", 0), counts.getOrDefault("bounced", 0),
                counts.getOrDefault("planned", 0) + counts.getOrDefault("claimed", 0) + counts.getOrDefault("retry", 0),
                sum(run.notDue()), new LinkedHashMap<>(), ledger.skipReasons(run.id()), run.notDue(),
                note != null ? note : run.note(), seconds(start));
    }

    private static int sum(Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
