package rapport.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import rapport.store.ClusterStore;
import rapport.store.LedgerStore;
import rapport.store.TestDatabases;

/**
 * A process that stalls past the staleness of its claims (stopped, swapped out) and wakes: the
 * others handed its rows back and one claimed them again. What the stalled process then records
 * changes nothing on those rows; a "sent" on a row handed back and not claimed again is kept,
 * since that message did go out. On PostgreSQL and on H2.
 */
class FencingTest {
    private static final String STALE = "stale";
    private static final String FRESH = "fresh";

    @TempDir Path dir;
    private SendFixture fixture;
    private String schema;

    private void open(TestDatabases.Kind kind) throws Exception {
        if (kind == TestDatabases.Kind.H2) {
            fixture = SendFixture.open(dir, SendFixture.Settings.h2(dir, 2525));
            return;
        }
        TestDatabases.requirePostgres();
        schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute("create schema " + schema);
        fixture = SendFixture.open(dir, new SendFixture.Settings(2525, 3,
                TestDatabases.PG_URL + "?currentSchema=" + schema, TestDatabases.PG_USER, ""));
    }

    @AfterEach
    void close() throws Exception {
        if (fixture != null) fixture.close();
        if (schema != null) execute("drop schema " + schema + " cascade");
    }

    @ParameterizedTest
    @MethodSource("rapport.store.TestDatabases#kinds")
    void whatAStalledProcessRecordsChangesNothingOnRowsAnotherClaimedSince(TestDatabases.Kind kind) throws Exception {
        open(kind);
        List<String> emails = fixture.importCustomers(4);
        List<Long> ids = emails.stream().map(e -> fixture.customer(e).id()).toList();
        Instant now = SendFixture.AS_OF;
        LedgerStore ledger = new LedgerStore(fixture.database);
        SendFixture.planAll(ledger, "planner", ids, now);

        ledger.heartbeat(STALE, SendFixture.RUN, now);
        assertEquals(ids, ids(ledger.claim(SendFixture.RUN, STALE, STALE + "/0", 4, now)));
        // The stale process stops beating; the others hand its rows back, and one claims two of them.
        assertEquals(4, ledger.reclaimStale(SendFixture.RUN, now.plusSeconds(11)));
        ledger.heartbeat(FRESH, SendFixture.RUN, now.plusSeconds(11));
        assertEquals(ids.subList(0, 2), ids(ledger.claim(SendFixture.RUN, FRESH, FRESH + "/0", 2, now.plusSeconds(11))));
        assertEquals(Set.of(), ledger.held(SendFixture.RUN, STALE + "/0"), "the stale worker holds nothing any more");
        assertEquals(Set.copyOf(ids.subList(0, 2)), ledger.held(SendFixture.RUN, FRESH + "/0"));

        // The stale process wakes with the outcomes of the four rows it had claimed.
        Instant late = now.plusSeconds(12);
        ledger.record(SendFixture.RUN, STALE, List.of(
                new Ledger.Outcome.Sent(ids.get(0), "note", "tip", "<stale-0@kosmima.example>", late),
                new Ledger.Outcome.Final(ids.get(1), DeliveryState.BOUNCED, 1, "550 no such user", late),
                new Ledger.Outcome.Sent(ids.get(2), "note", "tip", "<stale-2@kosmima.example>", late),
                new Ledger.Outcome.Retry(ids.get(3), 1, late.plusSeconds(60), "451 try later")));

        Map<String, SendFixture.Row> rows = fixture.deliveries();
        assertEquals("claimed", rows.get(emails.get(0)).state(), "re-claimed: the stale sent is not recorded over it");
        assertEquals("claimed", rows.get(emails.get(1)).state(), "re-claimed: the stale bounce is not recorded over it");
        assertEquals("sent", rows.get(emails.get(2)).state(), "handed back, not claimed again: the message that went out is kept");
        assertEquals("<stale-2@kosmima.example>", rows.get(emails.get(2)).messageId());
        assertEquals("planned", rows.get(emails.get(3)).state(), "handed back: the stale retry is not recorded");
        assertEquals("active", status(ids.get(1)), "a bounce the ledger did not take does not bounce the customer");
        assertEquals(List.of(ids.get(2)), sentEvents(), "only the recorded sent is on the timeline");

        // The process that holds the rows now records them.
        ledger.record(SendFixture.RUN, FRESH, List.of(
                new Ledger.Outcome.Sent(ids.get(0), "note", "tip", "<fresh-0@kosmima.example>", late),
                new Ledger.Outcome.Sent(ids.get(1), "note", "tip", "<fresh-1@kosmima.example>", late)));
        rows = fixture.deliveries();
        assertEquals("<fresh-0@kosmima.example>", rows.get(emails.get(0)).messageId());
        assertEquals("sent", rows.get(emails.get(1)).state());
        assertEquals(Map.of(STALE, Map.of(DeliveryState.SENT, 1), FRESH, Map.of(DeliveryState.SENT, 2)),
                new ClusterStore(fixture.database).byProcess(SendFixture.RUN), "progress per process");
    }

    /**
     * The stalled process stopped in the middle of a commit, holding a lock on one of its rows;
     * the hand-back of its claims waits on that lock. When it wakes, its commit lands, and it
     * beats and asks which rows are still its own: the answer must come after the hand-back, or
     * it would send rows another process then claims and sends too.
     */
    @org.junit.jupiter.api.Test
    void aHandBackWaitingOnAStalledProcessLandsBeforeItWakesAndAsksWhatIsStillItsOwn() throws Exception {
        open(TestDatabases.Kind.POSTGRES);
        List<Long> ids = fixture.importCustomers(4).stream().map(e -> fixture.customer(e).id()).toList();
        Instant now = SendFixture.AS_OF;
        LedgerStore ledger = new LedgerStore(fixture.database);
        SendFixture.planAll(ledger, "planner", ids, now);
        ledger.heartbeat(STALE, SendFixture.RUN, now);
        assertEquals(ids, ids(ledger.claim(SendFixture.RUN, STALE, STALE + "/0", 4, now)));

        try (Connection commit = DriverManager.getConnection(TestDatabases.PG_URL + "?currentSchema=" + schema, TestDatabases.PG_USER, "")) {
            commit.setAutoCommit(false);
            try (PreparedStatement st = commit.prepareStatement("select customer_id from deliveries where customer_id = ? for update")) {
                st.setLong(1, ids.get(0));
                st.executeQuery().close();
            }
            java.util.concurrent.CompletableFuture<Integer> handBack =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> ledger.reclaimStale(SendFixture.RUN, now.plusSeconds(11)));
            awaitLockWait("update deliveries", handBack);
            java.util.concurrent.CompletableFuture<Set<Long>> woke = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                ledger.heartbeat(STALE, SendFixture.RUN, now.plusSeconds(12));
                return ledger.held(SendFixture.RUN, STALE + "/0");
            });
            awaitLockWait("update processes", woke);
            commit.commit();
            assertEquals(4, handBack.get(10, java.util.concurrent.TimeUnit.SECONDS), "every row the stalled process held went back");
            assertEquals(Set.of(), woke.get(10, java.util.concurrent.TimeUnit.SECONDS),
                    "what it finds still its own after its beat was not handed back meanwhile");
        }
    }

    /** Until a statement starting with {@code statement} waits on a lock in this schema's database, or {@code done} is. */
    private static void awaitLockWait(String statement, java.util.concurrent.Future<?> done) throws Exception {
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < until && !done.isDone()) {
            try (Connection c = DriverManager.getConnection(TestDatabases.PG_URL, TestDatabases.PG_USER, "");
                 PreparedStatement st = c.prepareStatement(
                         "select count(*) from pg_stat_activity where wait_event_type = 'Lock' and query like ?")) {
                st.setString(1, statement + "%");
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) > 0) return;
                }
            }
            Thread.sleep(20);
        }
    }

    private static List<Long> ids(List<Ledger.Claim> claims) {
        return claims.stream().map(Ledger.Claim::customerId).toList();
    }

    private String status(long id) throws SQLException {
        try (Connection c = fixture.database.dataSource().getConnection();
             PreparedStatement st = c.prepareStatement("select status from customers where id = ?")) {
            st.setLong(1, id);
            try (ResultSet rs = st.executeQuery()) {
                assertTrue(rs.next());
                return rs.getString(1);
            }
        }
    }

    private List<Long> sentEvents() throws SQLException {
        List<Long> out = new ArrayList<>();
        try (Connection c = fixture.database.dataSource().getConnection();
             PreparedStatement st = c.prepareStatement("select customer_id from events where type = 'sent' order by customer_id");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) out.add(rs.getLong(1));
        }
        return out;
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(TestDatabases.PG_URL, TestDatabases.PG_USER, "");
             Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
