package rapport.schedule;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import rapport.config.RapportConfig;

/**
 * The mailbox poll as a Quartz job on {@code schedule.poll}: reads the reply mailbox once, as
 * {@code rapport poll} does. Never two at once; a failed poll (mailbox down) is logged and the
 * next fire tries again, since every mail waits in the mailbox until a poll handled it. A missed
 * fire runs once, late, like the send's. One instance per fire.
 */
@DisallowConcurrentExecution
public final class PollJob implements Job {
    /** The job's and trigger's name in the job store. */
    public static final String NAME = "poll";

    private static final Logger LOG = LoggerFactory.getLogger(PollJob.class);

    /** What one fire does; called from a scheduler thread. */
    public interface Poll {
        void run();
    }

    private final Poll poll;

    PollJob(Poll poll) {
        this.poll = poll;
    }

    /** The poll on {@code schedule.poll}, in {@code schedule.time_zone}. */
    public static Recurring recurring(RapportConfig.Schedule schedule, Poll poll) {
        return new Recurring(NAME, schedule.poll(), schedule.timeZone(), PollJob.class, () -> new PollJob(poll));
    }

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        try {
            poll.run();
            LOG.info("the mailbox poll of {} is done on this node", Slots.slotOf(context));
        } catch (RuntimeException e) {
            LOG.error("the mailbox poll failed: {}; the next poll tries again", e.getMessage());
            throw new JobExecutionException(e, false);
        }
    }
}
