package rapport.delivery;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import rapport.customer.CustomerRepository;
import rapport.render.MessageComposer;

/**
 * One batch run, the story of {@code rapport send}, top to bottom in {@link #run}: open (or
 * resume) the run of the as-of day, recover what a killed process left, plan every due customer
 * into the ledger, let the workers claim, render, send and record, and finish (or pause). Safe to
 * kill at any moment and to start twice: the ledger, not memory, says what is done. Thread-safe
 * for {@link #stop()} from another thread (a shutdown hook); one run per instance, which closes
 * the mailer when it ends.
 */
public final class SendRun {
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final CustomerRepository customers;
    private final Ledger ledger;
    private final Durability durability;
    private final NextNote nextNote;
    private final MessageComposer composer;
    private final Mailer mailer;
    /** The command's clock: what the run records (notes, last contact, run times) is stamped on it. */
    private final Clock clock;
    /** Real time: heartbeats, leases, and the Date header of a message that leaves. */
    private final Clock wall;
    private final ZoneId zone;
    private final SendOptions options;
    /**
     * This process, as the ledger knows it while it takes part in the run: its pid, which serve
     * prints at start, so an operator can tell the nodes apart in {@code send --json}'s
     * {@code nodes}, and a random part, unique across hosts and restarts.
     */
    private final String process = "pid" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 13);
    private final AtomicBoolean stopping = new AtomicBoolean();

    public SendRun(CustomerRepository customers, Ledger ledger, Durability durability, NextNote nextNote,
                   MessageComposer composer, Mailer mailer, Clock clock, Clock wall, ZoneId zone, SendOptions options) {
        this.customers = customers;
        this.ledger = ledger;
        this.durability = durability;
        this.nextNote = nextNote;
        this.composer = composer;
        this.mailer = mailer;
        this.clock = clock;
        this.wall = wall;
        this.zone = zone;
        this.options = options;
    }

    /**
     * The run a moment belongs to: its calendar day in the schedule's zone. A second send on the
     * same day resumes that day's run, and a preview shows that run's Message-ID and tokens.
     */
    public static String idOf(Instant asOf, ZoneId zone) {
        return RUN_ID.format(asOf.atZone(zone).toLocalDate());
    }

    /** Asks the run to finish the messages in flight and hand back the rest. */
    public void stop() {
        stopping.set(true);
    }

    /** Plans and renders in memory only and counts: writes and sends nothing. */
    public SendSummary dryRun(Instant asOf) {
        long start = System.nanoTime();
        mailer.close();
        String runId = idOf(asOf, zone);
        DryRun.Tally tally = new DryRun(customers, nextNote, Runtime.getRuntime().availableProcessors()).count(runId, asOf);
        return SendSummary.dryRun(runId, tally.due(), tally.pieces(), tally.skipped(), tally.notDue(), seconds(start));
    }

    public SendSummary run(Instant asOf, IntConsumer progress) throws InterruptedException {
        long start = System.nanoTime();
        Ledger.Run run = ledger.openRun(idOf(asOf, zone), asOf, clock.instant());
        try (Heartbeat heartbeat = Heartbeat.start(ledger, durability, wall, options, run.id(), process)) {
            heartbeat.reclaimStale();
            run = plan(run, heartbeat);
            String pause = null;
            if (run.state() != RunState.FINISHED && !stopping.get()) {
                if (run.state() == RunState.PAUSED) ledger.resume(run.id());
                pause = send(run, heartbeat, progress);
                if (pause != null) ledger.pause(run.id(), pause);
                else ledger.finish(run.id(), clock.instant());
            }
            return summary(ledger.run(run.id()).orElseThrow(), pause, start);
        } finally {
            mailer.close();
        }
    }

    /** Plans the run if it still needs planning; waits while another process plans it. */
    private Ledger.Run plan(Ledger.Run run, Heartbeat heartbeat) throws InterruptedException {
        while (run.state() == RunState.PLANNING && !stopping.get()) {
            if (heartbeat.takePlanning()) new Planning(customers, nextNote).intoLedger(ledger, run, process);
            else Thread.sleep(200);
            run = ledger.run(run.id()).orElseThrow();
        }
        return run;
    }

    /** Sends what the run has queued; returns why it paused, or null when nothing is left for now. */
    private String send(Ledger.Run run, Heartbeat lease, IntConsumer progress) throws InterruptedException {
        try (Durability.Recorder recorder = durability.recorder(run.id(), process)) {
            Sending sending = new Sending(ledger, recorder, nextNote, composer, mailer, clock, wall, options, process, lease, stopping);
            return sending.send(run, progress);
        } finally {
            // What this process noted but could not record (a database fault) goes in before its
            // unsent claims go back to the queue.
            durability.recover();
            ledger.release(run.id(), process);
        }
    }

    private SendSummary summary(Ledger.Run run, String pause, long start) {
        Map<DeliveryState, Integer> counts = ledger.counts(run.id());
        return SendSummary.of(run, counts, ledger.skipReasons(run.id()), pause != null ? pause : run.note(), seconds(start));
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
