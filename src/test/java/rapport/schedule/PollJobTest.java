package rapport.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;
import rapport.store.PollSlotStore;
import rapport.store.TestDatabases;
import rapport.store.TestDatabases.Kind;

/**
 * The mailbox is read once per slot of {@code schedule.poll} however many nodes fire the slot,
 * on H2 and PostgreSQL, and through Quartz's clustered store when a fire is recovered.
 */
class PollJobTest {
    /** A slot of a poll every five minutes. */
    private static final Instant SLOT = Instant.parse("2026-12-06T10:15:00Z");
    private static final Clock CLOCK = Clock.fixed(SLOT.plusSeconds(1), ZoneOffset.UTC);

    @TempDir Path dir;

    @ParameterizedTest
    @MethodSource("rapport.store.TestDatabases#kinds")
    void twoNodesFiringTheSameSlotPollOnceAndTheNextSlotPollsAgain(Kind kind) throws Exception {
        try (TestDatabases.TestDb db = TestDatabases.open(kind, dir);
             Captured log = Captured.info()) {
            List<String> polls = new CopyOnWriteArrayList<>();
            PollSlotStore slots = new PollSlotStore(db.database());
            PollJob first = new PollJob(() -> polls.add("node-a"), slots, CLOCK);
            PollJob second = new PollJob(() -> polls.add("node-b"), slots, CLOCK);

            assertTrue(first.pollSlot(SLOT, "node-a"));
            assertFalse(second.pollSlot(SLOT, "node-b"), "the slot node-a took is not polled again");
            assertFalse(first.pollSlot(SLOT, "node-a"), "nor by node-a itself, firing it a second time");
            assertEquals(List.of("node-a"), polls);
            assertEquals(List.of("the mailbox poll of 2026-12-06T10:15:00Z is done on this node",
                    "poll slot 2026-12-06T10:15:00Z already taken by node node-a",
                    "poll slot 2026-12-06T10:15:00Z already taken by node node-a"), log.lines());

            Instant next = SLOT.plus(Duration.ofMinutes(5));
            assertTrue(second.pollSlot(next, "node-b"), "the next slot is polled");
            assertEquals(List.of("node-a", "node-b"), polls);
            assertEquals(Map.of(SLOT, "node-a", next, "node-b"), takenSlots(db.database().dataSource()));
        }
    }

    @ParameterizedTest
    @MethodSource("rapport.store.TestDatabases#kinds")
    void aPollForgetsTheSlotsTakenMoreThanAMonthBefore(Kind kind) throws Exception {
        try (TestDatabases.TestDb db = TestDatabases.open(kind, dir)) {
            PollSlotStore slots = new PollSlotStore(db.database());
            Instant lastMonth = SLOT.minus(Duration.ofDays(29));
            Instant longAgo = SLOT.minus(Duration.ofDays(31));
            for (Instant old : List.of(lastMonth, longAgo)) assertEquals(Optional.empty(), slots.take(old, "node-a", old));

            assertTrue(new PollJob(() -> { }, slots, CLOCK).pollSlot(SLOT, "node-b"));
            assertEquals(Map.of(lastMonth, "node-a", SLOT, "node-b"), takenSlots(db.database().dataSource()));
        }
    }

    @ParameterizedTest
    @MethodSource("rapport.store.TestDatabases#kinds")
    void nodesRacingForTheSameSlotsPollEachSlotOnce(Kind kind) throws Exception {
        int nodes = 3;
        int slotCount = 20;
        try (TestDatabases.TestDb db = TestDatabases.open(kind, dir)) {
            PollSlotStore slots = new PollSlotStore(db.database());
            Map<Instant, Integer> polls = new ConcurrentHashMap<>();
            CyclicBarrier together = new CyclicBarrier(nodes);
            ExecutorService pool = Executors.newFixedThreadPool(nodes);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int n = 0; n < nodes; n++) {
                    String node = "node-" + n;
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < slotCount; i++) {
                            Instant slot = SLOT.plus(Duration.ofMinutes(5L * i));
                            together.await(10, TimeUnit.SECONDS);
                            new PollJob(() -> polls.merge(slot, 1, Integer::sum), slots, CLOCK).pollSlot(slot, node);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }
            assertEquals(slotCount, polls.size(), "every slot was polled: " + polls);
            assertEquals(List.of(), polls.entrySet().stream().filter(e -> e.getValue() != 1).toList(), "once each");
            assertEquals(slotCount, takenSlots(db.database().dataSource()).size());
        }
    }

    @Test
    void aRecoveredFireOfASlotADeadNodeTookDoesNotPollAndTheNextSlotsPollOnceEach() throws Exception {
        try (TestDatabases.TestDb db = TestDatabases.open(Kind.POSTGRES, dir)) {
            DataSource pool = db.database().dataSource();
            PollSlotStore slots = new PollSlotStore(db.database());
            // Quartz fires on the machine's clock and nothing else: this test's times are read from
            // it too, each relative to its "now", never a calendar date.
            Clock quartz = Clock.systemUTC();
            List<Instant> polled = new CopyOnWriteArrayList<>();
            Recurring everySecond = new Recurring(PollJob.NAME, "* * * * * ?", ZoneOffset.UTC, PollJob.class,
                    () -> new PollJob(() -> polled.add(quartz.instant()), slots, quartz));
            Scheduling.open(pool, List.of(everySecond), true).close();

            // A node that fired a slot an hour ago, took it, and died in the middle of the poll: it
            // stopped checking in long ago, its fire still marked executing. Quartz fires a recovery
            // at the original fire's time, so that must have passed, whatever the date.
            Instant slot = quartz.instant().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
            assertEquals(Optional.empty(), slots.take(slot, "dead-node", slot));
            execute(pool, "insert into qrtz_scheduler_state (sched_name, instance_name, last_checkin_time, checkin_interval)"
                    + " values ('rapport', 'dead-node', 0, 5000)");
            execute(pool, "insert into qrtz_fired_triggers (sched_name, entry_id, trigger_name, trigger_group, instance_name,"
                    + " fired_time, sched_time, priority, state, job_name, job_group, is_nonconcurrent, requests_recovery)"
                    + " values ('rapport', 'dead-node-1', 'poll', 'rapport', 'dead-node', ?, ?, 5, 'EXECUTING', 'poll', 'rapport',"
                    + " true, true)", slot.toEpochMilli(), slot.toEpochMilli());

            try (Captured log = Captured.info(); Scheduling scheduling = Scheduling.open(pool, List.of(everySecond), true)) {
                scheduling.start();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                String skipped = "poll slot " + slot + " already taken by node dead-node";
                while ((polled.size() < 2 || !log.lines().contains(skipped)) && System.nanoTime() < deadline) Thread.sleep(100);
                scheduling.close();

                assertTrue(log.lines().contains(skipped), "the recovered fire is skipped: " + log.lines());
                Map<Instant, String> taken = takenSlots(pool);
                assertEquals("dead-node", taken.remove(slot), "the dead node's slot stays its own");
                assertTrue(polled.size() >= 2, "the schedule's next slots are polled: " + polled);
                assertEquals(polled.size(), taken.size(), "one poll per slot taken: " + taken);
                List<String> done = log.lines().stream().filter(l -> l.endsWith("is done on this node")).toList();
                assertEquals(taken.keySet().stream().map(s -> "the mailbox poll of " + s + " is done on this node").toList(), done);
                assertTrue(taken.values().stream().allMatch(scheduling.nodeId()::equals), "taken by this node: " + taken);
            }
        }
    }

    private static Map<Instant, String> takenSlots(DataSource pool) throws SQLException {
        Map<Instant, String> out = new TreeMap<>();
        try (Connection c = pool.getConnection();
             PreparedStatement st = c.prepareStatement("select slot, node from poll_slots");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) out.put(rs.getObject(1, java.time.OffsetDateTime.class).toInstant(), rs.getString(2));
        }
        return out;
    }

    private static void execute(DataSource pool, String sql, Object... params) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) st.setObject(i + 1, params[i]);
            st.executeUpdate();
        }
    }

    /** What {@link PollJob} logs at INFO while it is open, as an operator's log shows it. */
    private static final class Captured implements AutoCloseable {
        private final Logger logger = (Logger) LoggerFactory.getLogger(PollJob.class);
        private final Level before = logger.getLevel();
        private final ListAppender<ILoggingEvent> seen = new ListAppender<>();

        static Captured info() {
            Captured c = new Captured();
            c.logger.setLevel(Level.INFO);
            c.seen.start();
            c.logger.addAppender(c.seen);
            return c;
        }

        List<String> lines() {
            return seen.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }

        @Override
        public void close() {
            logger.detachAppender(seen);
            logger.setLevel(before);
        }
    }
}
