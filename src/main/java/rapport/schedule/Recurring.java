package rapport.schedule;

import java.text.ParseException;
import java.time.ZoneId;
import java.util.Objects;
import java.util.function.Supplier;
import org.quartz.CronExpression;
import org.quartz.Job;

/**
 * One recurring job of {@code serve}: its name (the key of its job and trigger in the job store),
 * a Quartz cron expression read in a time zone, the job's class (stored with it) and how to make
 * the job for each fire. Immutable; {@code jobs} must be safe to call from a scheduler thread.
 */
public record Recurring(String name, String cron, ZoneId zone, Class<? extends Job> type, Supplier<? extends Job> jobs) {
    public Recurring {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(jobs, "jobs");
        try {
            // The config already checked the grammar; Quartz's own parse is the last word.
            cron = new CronExpression(cron.strip()).getCronExpression();
        } catch (ParseException | RuntimeException e) {
            throw new IllegalArgumentException("not a Quartz cron expression for " + name + ": \"" + cron + "\"", e);
        }
    }
}
