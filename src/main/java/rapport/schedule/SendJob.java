package rapport.schedule;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.InterruptableJob;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import rapport.config.RapportConfig;
import rapport.delivery.SendRun;
import rapport.delivery.SendSummary;

/**
 * The weekly send as a Quartz job: the same {@link SendRun} as {@code rapport send}, as of the
 * slot the fire stands for (see {@link Slots}), so a late fire of a missed slot is that slot's
 * run and a second fire the same day resumes it; the ledger makes sure nobody gets a note twice.
 * Never two at once in the cluster, nor beside a run this node joined ({@link RunJoining}).
 * Interrupting it (SIGTERM, through {@link Scheduling#close()}) stops the run: the messages in
 * flight finish and the rest stay queued in the ledger.
 *
 * <p>One instance per fire; {@link #interrupt()} may come from any thread.
 */
@DisallowConcurrentExecution
public final class SendJob implements InterruptableJob {
    /** The job's and trigger's name in the job store. */
    public static final String NAME = "send";

    private static final Logger LOG = LoggerFactory.getLogger(SendJob.class);

    private final SendRuns runs;
    private final Lock turn;
    private volatile SendRun current;
    private volatile boolean stopping;

    SendJob(SendRuns runs, Lock turn) {
        this.runs = runs;
        this.turn = turn;
    }

    /** The weekly send on {@code schedule.send}, in {@code schedule.time_zone}. */
    public static Recurring recurring(RapportConfig.Schedule schedule, SendRuns runs) {
        Lock turn = new ReentrantLock();
        return new Recurring(NAME, schedule.send(), schedule.timeZone(), SendJob.class, () -> new SendJob(runs, turn));
    }

    /** The weekly send, taking turns with the runs this node joins. */
    public static Recurring recurring(RapportConfig.Schedule schedule, SendRuns runs, RunJoining joining) {
        return new Recurring(NAME, schedule.send(), schedule.timeZone(), SendJob.class, () -> new SendJob(runs, joining.turn()));
    }

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        Instant slot = Slots.slotOf(context);
        LOG.info("the send of {} fires on this node{}", slot, context.isRecovering() ? ", recovering a fire of a node that died" : "");
        try {
            // A run this node joined goes on until it is done (it is most likely this slot's run).
            while (!turn.tryLock(200, TimeUnit.MILLISECONDS)) {
                if (stopping) return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            SendRun run = runs.open();
            current = run;
            // Both fields are volatile: a stop that came before `current` was set is seen here.
            if (stopping) run.stop();
            SendSummary summary = run.run(slot, sent -> { });
            runs.finished(slot, summary);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // Quartz logs a job's failure only at INFO; the operator must see it.
            LOG.error("the scheduled send of {} failed: {}; `rapport send --as-of` that day resumes it", slot, e.getMessage(), e);
            throw new JobExecutionException(e, false);
        } finally {
            current = null;
            turn.unlock();
        }
    }

    @Override
    public void interrupt() {
        stopping = true;
        SendRun run = current;
        if (run != null) run.stop();
    }
}
