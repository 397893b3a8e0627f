package rapport.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.quartz.CronExpression;
import org.quartz.InterruptableJob;
import org.quartz.JobExecutionContext;
import rapport.store.TestDatabases;
import rapport.store.TestDatabases.Kind;

/** The job store on a real database: what a restart keeps, what a missed fire does, how it stops. */
class SchedulingTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final String WEEKLY = "0 0 9 ? * TUE";

    @TempDir Path dir;

    /** A job that notes the slot of each fire and, when asked, works until it is interrupted. */
    static final class Probe implements InterruptableJob {
        final List<Instant> slots = new CopyOnWriteArrayList<>();
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch interrupted = new CountDownLatch(1);
        volatile boolean blocks;
        volatile boolean returned;

        Recurring recurring(String cron, ZoneId zone) {
            return new Recurring("probe", cron, zone, Probe.class, () -> this);
        }

        @Override
        public void execute(JobExecutionContext context) {
            slots.add(Slots.slotOf(context.getTrigger(), context.getScheduledFireTime().toInstant()));
            started.countDown();
            try {
                if (blocks) interrupted.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            returned = true;
        }

        @Override
        public void interrupt() {
            interrupted.countDown();
        }
    }

    static Instant latestSlot(String expression, Instant at) throws ParseException {
        CronExpression cron = new CronExpression(expression);
        cron.setTimeZone(TimeZone.getTimeZone(NEW_YORK));
        return Slots.latestAtOrBefore(cron, at).orElseThrow();
    }

    static Instant nextSlot(String expression, Instant after) throws ParseException {
        CronExpression cron = new CronExpression(expression);
        cron.setTimeZone(TimeZone.getTimeZone(NEW_YORK));
        return cron.getTimeAfter(Date.from(after)).toInstant();
    }

    /** What a machine that was off at {@code slot} leaves in the job store: a fire time gone by. */
    static void missedWhileDown(DataSource db, String trigger, Instant slot) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement st = c.prepareStatement("update qrtz_triggers set next_fire_time = ? where sched_name = ? and trigger_name = ?")) {
            st.setLong(1, slot.toEpochMilli());
            st.setString(2, Scheduling.NAME);
            st.setString(3, trigger);
            assertEquals(1, st.executeUpdate());
        }
    }

    static long storedStartTime(DataSource db, String trigger) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement st = c.prepareStatement("select start_time from qrtz_triggers where trigger_name = ?")) {
            st.setString(1, trigger);
            try (ResultSet rs = st.executeQuery()) {
                assertTrue(rs.next());
                return rs.getLong(1);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("rapport.store.TestDatabases#kinds")
    void theScheduleSurvivesARestart(Kind kind) throws Exception {
        try (TestDatabases.TestDb db = TestDatabases.open(kind, dir)) {
            DataSource pool = db.database().dataSource();
            Probe probe = new Probe();
            Instant next;
            try (Scheduling scheduling = Scheduling.open(pool, List.of(probe.recurring(WEEKLY, NEW_YORK)))) {
                scheduling.start();
                next = scheduling.nextFire("probe").orElseThrow();
            }
            assertEquals(nextSlot(WEEKLY, Instant.now()), next);
            long created = storedStartTime(pool, "probe");

            try (Scheduling scheduling = Scheduling.open(pool, List.of(probe.recurring(WEEKLY, NEW_YORK)))) {
                assertEquals(next, scheduling.nextFire("probe").orElseThrow());
                scheduling.start();
                assertEquals(next, scheduling.nextFire("probe").orElseThrow());
            }
            assertEquals(created, storedStartTime(pool, "probe"), "the stored trigger is kept, not made anew");
            assertTrue(probe.slots.isEmpty());
        }
    }

    @ParameterizedTest
    @MethodSource("rapport.store.TestDatabases#kinds")
    void aMissedFireRunsOnceLateAndNeverTwice(Kind kind) throws Exception {
        try (TestDatabases.TestDb db = TestDatabases.open(kind, dir)) {
            DataSource pool = db.database().dataSource();
            Probe probe = new Probe();
            Scheduling.open(pool, List.of(probe.recurring(WEEKLY, NEW_YORK))).close();
            Instant threeWeeksAgo = latestSlot(WEEKLY, Instant.now().minus(Duration.ofDays(21)));
            missedWhileDown(pool, "probe", threeWeeksAgo);

            try (Scheduling scheduling = Scheduling.open(pool, List.of(probe.recurring(WEEKLY, NEW_YORK)))) {
                scheduling.start();
                assertTrue(probe.started.await(10, TimeUnit.SECONDS), "the missed slot fires on start");
                Thread.sleep(500); // room for a wrong second fire
                assertEquals(nextSlot(WEEKLY, Instant.now()), scheduling.nextFire("probe").orElseThrow(),
                        "then it proceeds on schedule");
            }
            assertEquals(List.of(latestSlot(WEEKLY, Instant.now())), probe.slots,
                    "three missed weeks are one late fire, as of the latest missed slot");

            try (Scheduling scheduling = Scheduling.open(pool, List.of(probe.recurring(WEEKLY, NEW_YORK)))) {
                scheduling.start();
                Thread.sleep(500);
            }
            assertEquals(1, probe.slots.size(), "a second restart fires nothing");
        }
    }

    @Test
    void aChangedCronOrZoneInTheConfigReplacesTheStoredTrigger() throws Exception {
        try (TestDatabases.TestDb db = TestDatabases.open(Kind.H2, dir)) {
            DataSource pool = db.database().dataSource();
            Probe probe = new Probe();
            Scheduling.open(pool, List.of(probe.recurring(WEEKLY, NEW_YORK))).close();

            String daily = "0 30 7 * * ?";
            try (Scheduling scheduling = Scheduling.open(pool, List.of(probe.recurring(daily, NEW_YORK)))) {
                assertEquals(nextSlot(daily, Instant.now()), scheduling.nextFire("probe").orElseThrow());
            }
            ZoneId tokyo = ZoneId.of("Asia/Tokyo");
            try (Scheduling scheduling = Scheduling.open(pool, List.of(probe.recurring(daily, tokyo)))) {
                CronExpression cron = new CronExpression(daily);
                cron.setTimeZone(TimeZone.getTimeZone(tokyo));
                assertEquals(cron.getTimeAfter(new Date()).toInstant(), scheduling.nextFire("probe").orElseThrow());
            }
            try (Scheduling scheduling = Scheduling.open(pool, List.of())) {
                assertTrue(scheduling.nextFire("probe").isEmpty(), "a job the config no longer names is removed");
            }
        }
    }

    @Test
    void closingInterruptsTheRunningJobAndWaitsForIt() throws Exception {
        try (TestDatabases.TestDb db = TestDatabases.open(Kind.H2, dir)) {
            DataSource pool = db.database().dataSource();
            Probe probe = new Probe();
            probe.blocks = true;
            Scheduling.open(pool, List.of(probe.recurring(WEEKLY, NEW_YORK))).close();
            missedWhileDown(pool, "probe", latestSlot(WEEKLY, Instant.now()));

            Scheduling scheduling = Scheduling.open(pool, List.of(probe.recurring(WEEKLY, NEW_YORK)));
            try {
                scheduling.start();
                assertTrue(probe.started.await(10, TimeUnit.SECONDS));
                assertFalse(probe.returned);
            } finally {
                scheduling.close();
            }
            assertEquals(0, probe.interrupted.getCount(), "the job was told to stop");
            assertTrue(probe.returned, "close returns only after the job did");
        }
    }
}
