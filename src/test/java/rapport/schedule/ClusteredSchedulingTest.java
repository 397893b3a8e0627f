package rapport.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import rapport.store.TestDatabases;
import rapport.store.TestDatabases.Kind;

/**
 * The schedule shared by the nodes of a cluster on PostgreSQL: the job store is clustered, each
 * job asks for recovery, and a fire that a node was running when it died is fired again on a
 * live node, as of the slot it stood for.
 */
class ClusteredSchedulingTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final String WEEKLY = "0 0 9 ? * TUE";
    /** Tuesday 24 November 2026, 9:00 in New York: a slot of {@link #WEEKLY}. */
    private static final Instant SLOT = Instant.parse("2026-11-24T14:00:00Z");

    @TempDir Path dir;

    /** Notes the slot of each fire and whether it was a recovery. */
    static final class Probe implements Job {
        final List<Instant> slots = new CopyOnWriteArrayList<>();
        final List<Boolean> recovering = new CopyOnWriteArrayList<>();
        final CountDownLatch fired = new CountDownLatch(1);

        Recurring recurring() {
            return new Recurring("probe", WEEKLY, NEW_YORK, Probe.class, () -> this);
        }

        @Override
        public void execute(JobExecutionContext context) {
            slots.add(Slots.slotOf(context));
            recovering.add(context.isRecovering());
            fired.countDown();
        }
    }

    @Test
    void aFireADeadNodeWasRunningRunsAgainOnALiveNodeAsOfItsSlot() throws Exception {
        try (TestDatabases.TestDb db = TestDatabases.open(Kind.POSTGRES, dir)) {
            DataSource pool = db.database().dataSource();
            Probe probe = new Probe();
            Scheduling.open(pool, List.of(probe.recurring()), true).close();
            assertTrue(asksForRecovery(pool, "probe"), "a clustered job asks for recovery");

            // A node that fired the slot and died: it stopped checking in, its fire still marked executing.
            execute(pool, "insert into qrtz_scheduler_state (sched_name, instance_name, last_checkin_time, checkin_interval)"
                    + " values ('rapport', 'dead-node', ?, 5000)", SLOT.toEpochMilli());
            execute(pool, "insert into qrtz_fired_triggers (sched_name, entry_id, trigger_name, trigger_group, instance_name,"
                    + " fired_time, sched_time, priority, state, job_name, job_group, is_nonconcurrent, requests_recovery)"
                    + " values ('rapport', 'dead-node-1', 'probe', 'rapport', 'dead-node', ?, ?, 5, 'EXECUTING', 'probe', 'rapport',"
                    + " false, true)", SLOT.toEpochMilli(), SLOT.toEpochMilli());

            try (Scheduling scheduling = Scheduling.open(pool, List.of(probe.recurring()), true)) {
                assertTrue(scheduling.clustered());
                assertFalse(scheduling.nodeId().isBlank());
                scheduling.start();
                assertTrue(probe.fired.await(30, TimeUnit.SECONDS), "the dead node's fire is recovered");
                Thread.sleep(500); // room for a wrong second fire
                assertEquals(List.of(SLOT), probe.slots, "as of the slot the dead node was sending");
                assertEquals(List.of(true), probe.recovering);
                assertEquals(List.of(scheduling.nodeId()), nodes(pool), "the dead node is forgotten; this one checks in");
            }
        }
    }

    private static boolean asksForRecovery(DataSource pool, String job) throws SQLException {
        try (Connection c = pool.getConnection();
             PreparedStatement st = c.prepareStatement("select requests_recovery from qrtz_job_details where job_name = ?")) {
            st.setString(1, job);
            try (ResultSet rs = st.executeQuery()) {
                assertTrue(rs.next());
                return rs.getBoolean(1);
            }
        }
    }

    private static List<String> nodes(DataSource pool) throws SQLException {
        List<String> out = new CopyOnWriteArrayList<>();
        try (Connection c = pool.getConnection();
             PreparedStatement st = c.prepareStatement("select instance_name from qrtz_scheduler_state order by instance_name");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    private static void execute(DataSource pool, String sql, Object... params) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) st.setObject(i + 1, params[i]);
            st.executeUpdate();
        }
    }
}
