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
import org.quartz.ObjectAlreadyExistsException;
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
 * <p>On a database server several {@code serve} nodes share one schedule: the job store runs
 * clustered (each node checks in; node ids are made by Quartz), so each slot's trigger fires on
 * exactly one node, and a fire a node was running when it died is fired again, as a recovery, on
 * another once that node misses its check-ins. On embedded H2 there is one {@code serve} per
 * database and the store is not clustered.
 *
 * <p>Quartz keeps schedulers in a process-wide registry by name, and the name is part of the
 * stored keys, so there is one open {@code Scheduling} per process. Thread-safe.
 */
public final class Scheduling implements AutoCloseable {
    /** Connections the scheduler may hold at once (its own thread, misfire scans, cluster check-ins, job completion). */
    public static final int CONNECTIONS = 4;

    static final String NAME = "rapport";
    static final String GROUP = "rapport";
    private static final long MISFIRE_THRESHOLD_MILLIS = 60_000;
    private static final int THREADS = 2;
    /**
     * How often a clustered node tells the others it is alive. A node silent for about this long
     * plus Quartz's own grace is taken for dead, and its running fires are recovered elsewhere.
     */
    static final long CLUSTER_CHECKIN_MILLIS = 5_000;
    private static final long IDLE_WAIT_MILLIS = 2_000;

    private final Scheduler scheduler;
    private final boolean clustered;

    private Scheduling(Scheduler scheduler, boolean clustered) {
        this.scheduler = scheduler;
        this.clustered = clustered;
    }

    /**
     * Builds the scheduler on the pool and plans the jobs; nothing fires before {@link #start()}.
     * {@code clustered} when several nodes may share the database (a server, never embedded H2).
     */
    public static Scheduling open(DataSource pool, List<Recurring> jobs, boolean clustered) {
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
            scheduler = new StdSchedulerFactory(properties(dataSource, clustered)).getScheduler();
        } catch (SchedulerException e) {
            throw new SchedulingException("cannot build the scheduler: " + e.getMessage(), e);
        }
        Scheduling scheduling = new Scheduling(scheduler, clustered);
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

    /** A scheduler on one node, as {@link #open(DataSource, List, boolean)} without clustering. */
    public static Scheduling open(DataSource pool, List<Recurring> jobs) {
        return open(pool, jobs, false);
    }

    private static Properties properties(String dataSource, boolean clustered) {
        Properties p = new Properties();
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, NAME);
        // The host name and the start time: unique per node and readable in qrtz_scheduler_state.
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_ID, StdSchedulerFactory.AUTO_GENERATE_INSTANCE_ID);
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
        p.setProperty("org.quartz.jobStore.isClustered", String.valueOf(clustered));
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(CLUSTER_CHECKIN_MILLIS));
        // Nodes acquire the next trigger under the store's row lock, so two never take the same fire.
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", String.valueOf(clustered));
        if (clustered) {
            // A node takes its next fire at most this far ahead. A node that stalls while holding
            // one and wakes after the others fired it can, in Quartz, fire it again; the shorter
            // the hold, the rarer that is (and a second fire of a slot finds its run done, or its
            // poll slot taken).
            p.setProperty(StdSchedulerFactory.PROP_SCHED_IDLE_WAIT_TIME, String.valueOf(IDLE_WAIT_MILLIS));
        }
        p.setProperty("org.quartz.jobStore.misfireThreshold", String.valueOf(MISFIRE_THRESHOLD_MILLIS));
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        return p;
    }

    private void plan(Map<String, Recurring> jobs) throws SchedulerException {
        for (Recurring job : jobs.values()) {
            JobKey jobKey = new JobKey(job.name(), GROUP);
            // A fire cut short by a node's death runs again on another node: the send resumes its
            // run from the ledger; the poll polls if the dead node had not yet taken its slot.
            scheduler.addJob(JobBuilder.newJob(job.type()).withIdentity(jobKey).storeDurably()
                    .requestRecovery(clustered).build(), true);
            TriggerKey key = new TriggerKey(job.name(), GROUP);
            CronTrigger wanted = TriggerBuilder.newTrigger().withIdentity(key).forJob(jobKey)
                    .withSchedule(CronScheduleBuilder.cronSchedule(job.cron())
                            .inTimeZone(TimeZone.getTimeZone(job.zone()))
                            .withMisfireHandlingInstructionFireAndProceed())
                    .build();
            Trigger stored = scheduler.getTrigger(key);
            if (stored == null) {
                try {
                    scheduler.scheduleJob(wanted);
                } catch (ObjectAlreadyExistsException e) {
                    // Another node starting at the same moment stored it first, from the same configuration.
                    stored = scheduler.getTrigger(key);
                    if (stored != null && !sameSchedule(stored, wanted)) scheduler.rescheduleJob(key, wanted);
                }
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

    /** This node's id in the job store: the host and the moment it started. */
    public String nodeId() {
        try {
            return scheduler.getSchedulerInstanceId();
        } catch (SchedulerException e) {
            throw new SchedulingException("cannot read the node id: " + e.getMessage(), e);
        }
    }

    /** Whether the schedule is shared by every node on this database. */
    public boolean clustered() {
        return clustered;
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
