package rapport.schedule;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TimeZone;
import java.util.UUID;
import javax.sql.DataSource;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.utils.DBConnectionManager;

/**
 * The Quartz scheduler of {@code serve}: a JDBC job store (JobStoreTX, tables {@code qrtz_*} of
 * migration V3) on Rapport's own connection pool, so the schedule, the next fire time and a fire
 * in progress live in the same database as the ledger and a restart loses none of them.
 *
 * <p>Opening it plans the given {@link Recurring} jobs: a trigger the store already holds with
 * the same cron, zone and misfire rule is kept as it is (with its next fire time, so a slot missed
 * while the process was down is still due); one that differs is replaced (the configuration
 * wins); jobs of ours the configuration no longer names are removed. Starting it fires what was
 * missed, at most once per trigger and late: a missed slot, however many passed, is one fire
 * (misfire threshold one minute, "fire once now and proceed"). Closing it interrupts the running
 * jobs (an {@link org.quartz.InterruptableJob} finishes what is in flight), waits for them, and
 * stops; the pool stays open for its owner to close.
 *
 * <p>Quartz keeps schedulers in a process-wide registry by name, and the name is part of the
 * stored keys, so there is one open {@code Scheduling} per process. Thread-safe.
 */
public final class Scheduling implements AutoCloseable {
    /** Connections the scheduler may hold at once (its own thread, misfire scans, job completion). */
    public static final int CONNECTIONS = 3;

    static final String NAME = "rapport";
    static final String GROUP = "rapport";
    private static final long MISFIRE_THRESHOLD_MILLIS = 60_000;
    private static final int THREADS = 2;

    private final Scheduler scheduler;

    private Scheduling(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Builds the scheduler on the pool and plans the jobs; nothing fires before {@link #start()}. */
    public static Scheduling open(DataSource pool, List<Recurring> jobs) {
        Map<String, Recurring> byName = new LinkedHashMap<>();
        for (Recurring job : jobs) {
            if (byName.put(job.name(), job) != null) throw new IllegalArgumentException("two jobs named " + job.name());
        }
        Scheduler scheduler;
        try {
            if (SchedulerRepository.getInstance().lookup(NAME) != null) {
                throw new SchedulingException("a scheduler is already running in this process", null);
            }
            // Quartz finds a job store's connections by name in its process-wide registry.
            String dataSource = NAME + "-" + UUID.randomUUID();
            DBConnectionManager.getInstance().addConnectionProvider(dataSource, new PoolConnections(pool));
            scheduler = new StdSchedulerFactory(properties(dataSource)).getScheduler();
        } catch (SchedulerException e) {
            throw new SchedulingException("cannot build the scheduler: " + e.getMessage(), e);
        }
        Scheduling scheduling = new Scheduling(scheduler);
        try {
            scheduler.setJobFactory((bundle, owner) -> {
                Recurring job = byName.get(bundle.getJobDetail().getKey().getName());
                if (job == null) throw new SchedulerException("no job " + bundle.getJobDetail().getKey() + " in this version");
                return job.jobs().get();
            });
            scheduling.plan(byName);
        } catch (SchedulerException | RuntimeException e) {
            scheduling.close();
            throw e instanceof SchedulingException s ? s
                    : new SchedulingException("cannot plan the schedule: " + e.getMessage(), e);
        }
        return scheduling;
    }

    private static Properties properties(String dataSource) {
        Properties p = new Properties();
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, NAME);
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INTERRUPT_JOBS_ON_SHUTDOWN_WITH_WAIT, "true");
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", String.valueOf(THREADS));
        p.setProperty("org.quartz.threadPool.threadNamePrefix", "rapport-job");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        // The schema keeps blobs in `bytea` (VARBINARY on H2); this delegate reads them with
        // getBytes, which both H2 and PostgreSQL answer. It is otherwise the standard delegate.
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", dataSource);
        p.setProperty("org.quartz.jobStore.tablePrefix", "qrtz_");
        p.setProperty("org.quartz.jobStore.isClustered", "false");
        p.setProperty("org.quartz.jobStore.misfireThreshold", String.valueOf(MISFIRE_THRESHOLD_MILLIS));
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        return p;
    }

    private void plan(Map<String, Recurring> jobs) throws SchedulerException {
        for (Recurring job : jobs.values()) {
            JobKey jobKey = new JobKey(job.name(), GROUP);
            scheduler.addJob(JobBuilder.newJob(job.type()).withIdentity(jobKey).storeDurably().build(), true);
            TriggerKey key = new TriggerKey(job.name(), GROUP);
            CronTrigger wanted = TriggerBuilder.newTrigger().withIdentity(key).forJob(jobKey)
                    .withSchedule(CronScheduleBuilder.cronSchedule(job.cron())
                            .inTimeZone(TimeZone.getTimeZone(job.zone()))
                            .withMisfireHandlingInstructionFireAndProceed())
                    .build();
            Trigger stored = scheduler.getTrigger(key);
            if (stored == null) {
                scheduler.scheduleJob(wanted);
            } else if (!sameSchedule(stored, wanted)) {
                scheduler.rescheduleJob(key, wanted);
            } else if (scheduler.getTriggerState(key) == Trigger.TriggerState.ERROR) {
                scheduler.resetTriggerFromErrorState(key);
            }
        }
        for (JobKey key : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(GROUP))) {
            if (!jobs.containsKey(key.getName())) scheduler.deleteJob(key);
        }
    }

    private static boolean sameSchedule(Trigger stored, CronTrigger wanted) {
        return stored instanceof CronTrigger cron
                && cron.getCronExpression().equals(wanted.getCronExpression())
                && cron.getTimeZone().getID().equals(wanted.getTimeZone().getID())
                && cron.getMisfireInstruction() == wanted.getMisfireInstruction();
    }

    /** Starts firing: first what was missed while no scheduler ran, then on schedule. */
    public void start() {
        try {
            scheduler.start();
        } catch (SchedulerException e) {
            throw new SchedulingException("cannot start the scheduler: " + e.getMessage(), e);
        }
    }

    /** When the job of this name fires next, if it is scheduled. */
    public Optional<Instant> nextFire(String name) {
        try {
            Trigger trigger = scheduler.getTrigger(new TriggerKey(name, GROUP));
            Date next = trigger == null ? null : trigger.getNextFireTime();
            return Optional.ofNullable(next).map(Date::toInstant);
        } catch (SchedulerException e) {
            throw new SchedulingException("cannot read the schedule: " + e.getMessage(), e);
        }
    }

    /** Interrupts the running jobs, waits until they return, and stops the scheduler. */
    @Override
    public void close() {
        try {
            if (!scheduler.isShutdown()) scheduler.shutdown(true);
        } catch (SchedulerException e) {
            throw new SchedulingException("cannot stop the scheduler: " + e.getMessage(), e);
        }
    }
}
