package rapport.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import rapport.config.RapportConfig;

/**
 * The mailbox poll as a Quartz job on {@code schedule.poll}: reads the reply mailbox once, as
 * {@code rapport poll} does. Never two at once; a failed poll (mailbox down) is logged and the
 * next fire tries again, since every mail waits in the mailbox until a poll handled it. A missed
 * fire runs once, late, like the send's. One instance per fire.
 *
 * <p>One poll per slot in the cluster: before it reads the mailbox a fire takes its slot (see
 * {@link Slots}; a late or recovered fire stands for the slot it was scheduled for) in
 * {@link PollSlots}, and a fire whose slot another node took skips the poll. Quartz's clustered
 * store can fire a slot twice: a node stalled past its check-ins wakes and runs the fire it held
 * while another node recovered it. A {@code rapport poll} from an operator takes no slot and is
 * never skipped.
 *
 * <p>A taken slot is never handed over, not even when its node died mid-poll: from the database a
 * dead node and a stalled one look the same, and handing the slot to a recovery is exactly what
 * lets a stalled node that wakes poll beside it. A dead node's slot is lost instead, which costs a
 * poll interval: the mail it did not handle waits in the mailbox for the next slot, and a poll
 * records no mail twice.
 */
@DisallowConcurrentExecution
public final class PollJob implements Job {
    /** The job's and trigger's name in the job store. */
    public static final String NAME = "poll";

    /** How long a taken slot is kept: far longer than any fire of it can come late. */
    private static final Duration KEPT = Duration.ofDays(30);

    private static final Logger LOG = LoggerFactory.getLogger(PollJob.class);

    /** What one fire does; called from a scheduler thread. */
    public interface Poll {
        void run();
    }

    private final Poll poll;
    private final PollSlots slots;
    private final Clock clock;

    PollJob(Poll poll, PollSlots slots, Clock clock) {
        this.poll = poll;
        this.slots = slots;
        this.clock = clock;
    }

    /** The poll on {@code schedule.poll}, in {@code schedule.time_zone}, once per slot among the nodes sharing {@code slots}. */
    public static Recurring recurring(RapportConfig.Schedule schedule, Poll poll, PollSlots slots, Clock clock) {
        return new Recurring(NAME, schedule.poll(), schedule.timeZone(), PollJob.class, () -> new PollJob(poll, slots, clock));
    }

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        String node;
        try {
            node = context.getScheduler().getSchedulerInstanceId();
        } catch (SchedulerException e) {
            throw new JobExecutionException(e, false);
        }
        pollSlot(Slots.slotOf(context), node);
    }

    /** Polls the mailbox for {@code slot} on {@code node}, unless a node took the slot before; whether it polled. */
    boolean pollSlot(Instant slot, String node) throws JobExecutionException {
        try {
            Optional<String> taken = slots.take(slot, node, clock.instant());
            if (taken.isPresent()) {
                LOG.info("poll slot {} already taken by node {}", slot, taken.get());
                return false;
            }
            poll.run();
            LOG.info("the mailbox poll of {} is done on this node", slot);
        } catch (RuntimeException e) {
            LOG.error("the mailbox poll of {} failed: {}; the next poll tries again", slot, e.getMessage());
            throw new JobExecutionException(e, false);
        }
        forgetOldSlots(slot);
        return true;
    }

    /** Keeps the table small; the poll is done whether or not this works, and the next poll tries again. */
    private void forgetOldSlots(Instant slot) {
        try {
            slots.forgetBefore(slot.minus(KEPT));
        } catch (RuntimeException e) {
            LOG.warn("the poll slots before {} are not forgotten yet: {}", slot.minus(KEPT), e.getMessage());
        }
    }
}
