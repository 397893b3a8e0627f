package rapport.schedule;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.quartz.CronExpression;
import org.quartz.CronTrigger;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;

/**
 * Which schedule slot a fire stands for. An on-time fire is its own slot. A late fire (the
 * machine was off, Quartz fires a missed trigger once "now") stands for the latest slot of the
 * cron at or before it, so the send a restart catches up is that slot's run, with that slot's
 * run id, and a second fire for the same day resumes it instead of starting another. A recovery
 * fire (the node running the original died) stands for the original fire's slot. Stateless.
 */
final class Slots {
    /** How far back a slot is looked for; a cron with no slot in this window is taken at its fire time. */
    private static final Duration LOOK_BACK = Duration.ofDays(3660);

    private Slots() {}

    /** The slot of this fire, or of the fire it recovers. */
    static Instant slotOf(JobExecutionContext context) {
        Instant scheduled = context.getScheduledFireTime().toInstant();
        if (!context.isRecovering()) return slotOf(context.getTrigger(), scheduled);
        JobDataMap data = context.getMergedJobDataMap();
        String name = data.getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_NAME);
        String group = data.getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_GROUP);
        String original = data.getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS);
        try {
            if (original != null) scheduled = Instant.ofEpochMilli(Long.parseLong(original));
            Trigger trigger = name == null ? null : context.getScheduler().getTrigger(new TriggerKey(name, group));
            return slotOf(trigger != null ? trigger : context.getTrigger(), scheduled);
        } catch (SchedulerException | NumberFormatException e) {
            return scheduled;
        }
    }

    static Instant slotOf(Trigger trigger, Instant scheduled) {
        if (!(trigger instanceof CronTrigger cronTrigger)) return scheduled;
        try {
            CronExpression cron = new CronExpression(cronTrigger.getCronExpression());
            cron.setTimeZone(cronTrigger.getTimeZone());
            return latestAtOrBefore(cron, scheduled).orElse(scheduled);
        } catch (ParseException e) {
            return scheduled;
        }
    }

    /**
     * The latest time the cron names at or before {@code at}. Quartz has no "time before"
     * (its {@code getTimeBefore} returns null), so this looks back in doubling windows for the
     * first one holding a slot and then walks forward to the last slot in it; since the previous,
     * half as long, window held none, the walk is short for any real schedule.
     */
    static Optional<Instant> latestAtOrBefore(CronExpression cron, Instant at) {
        Date end = Date.from(at);
        for (Duration back = Duration.ofSeconds(1); back.compareTo(LOOK_BACK) <= 0; back = back.multipliedBy(2)) {
            Date slot = cron.getTimeAfter(Date.from(at.minus(back)));
            if (slot == null) return Optional.empty();
            if (slot.after(end)) continue;
            for (Date next = cron.getTimeAfter(slot); next != null && !next.after(end); next = cron.getTimeAfter(slot)) {
                slot = next;
            }
            return Optional.of(slot.toInstant());
        }
        return Optional.empty();
    }
}
