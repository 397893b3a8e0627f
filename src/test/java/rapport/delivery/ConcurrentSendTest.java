package rapport.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import rapport.store.Database;
import rapport.store.TestDatabases;

/**
 * Two {@code rapport send} processes started at the same moment against one database
 * (PostgreSQL, and H2 as {@code serve} plus a manual send would share it): separate pools,
 * separate runs in memory, one run in the ledger, and every due customer mailed exactly once.
 * The PostgreSQL cases are skipped with a notice without PostgreSQL, except in CI.
 */
class ConcurrentSendTest {
    @TempDir Path dir;
    private GreenMail greenMail;
    private SendFixture fixture;
    private String schema;

    /** The fixture on a fresh PostgreSQL schema (or an H2 file: {@code serve} and a manual send share one). */
    private void open(TestDatabases.Kind kind) throws Exception {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        greenMail.start();
        int port = greenMail.getSmtp().getPort();
        if (kind == TestDatabases.Kind.H2) {
            fixture = SendFixture.open(dir, SendFixture.Settings.h2(dir, port));
            return;
        }
        TestDatabases.requirePostgres();
        schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute("create schema " + schema);
        fixture = SendFixture.open(dir, new SendFixture.Settings(port, 3,
                TestDatabases.PG_URL + "?currentSchema=" + schema, TestDatabases.PG_USER, ""));
    }

    @AfterEach
    void stop() throws Exception {
        if (fixture != null) fixture.close();
        if (greenMail != null) greenMail.stop();
        if (schema != null) execute("drop schema " + schema + " cascade");
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(TestDatabases.PG_URL, TestDatabases.PG_USER, "");
             Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** Rows each process handled (sent, skipped, failed...), by the progress each reports. */
    private final java.util.concurrent.atomic.AtomicInteger handled = new java.util.concurrent.atomic.AtomicInteger();

    /** Starts one send per pool at the same instant and waits for both summaries. */
    private List<SendSummary> sendAtOnce(SendOptions options, Database... pools) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(pools.length);
        try {
            CyclicBarrier together = new CyclicBarrier(pools.length);
            List<Future<SendSummary>> runs = new ArrayList<>();
            for (Database pool : pools) {
                SendRun run = fixture.sendRun(pool, options);
                runs.add(threads.submit(() -> {
                    together.await(10, TimeUnit.SECONDS);
                    return run.run(SendFixture.AS_OF, handled::addAndGet);
                }));
            }
            List<SendSummary> summaries = new ArrayList<>();
            for (Future<SendSummary> f : runs) summaries.add(f.get(60, TimeUnit.SECONDS));
            return summaries;
        } finally {
            threads.shutdownNow();
        }
    }

    private Map<String, Integer> receivedCount() {
        return SendFixture.perRecipient(greenMail.getReceivedMessages());
    }

    @ParameterizedTest
    @MethodSource("rapport.store.TestDatabases#kinds")
    void twoSendsStartedAtOnceShareTheRunAndNeverMailACustomerTwice(TestDatabases.Kind kind) throws Exception {
        open(kind);
        List<String> emails = fixture.importCustomers(200);

        List<SendSummary> summaries = sendAtOnce(SendFixture.options(4, 0, 0), fixture.openPool(), fixture.openPool());

        Map<String, Integer> counts = receivedCount();
        assertEquals(200, greenMail.getReceivedMessages().length, "each due customer exactly once: " + counts.size() + " distinct");
        emails.forEach(e -> assertEquals(1, counts.get(e), e));
        assertEquals(1, fixture.runs(), "one run in the ledger");
        assertEquals(200, handled.get(), "every row was handled by exactly one of the two");
        summaries.forEach(s -> assertEquals(SendFixture.RUN, s.runId()));
        summaries.forEach(s -> assertEquals(0, s.failed() + s.bounced() + s.skipped(), s.toString()));
        assertTrue(summaries.stream().anyMatch(s -> s.state() == RunState.FINISHED), summaries.toString());
        Map<String, SendFixture.Row> ledger = fixture.deliveries();
        assertEquals(200, ledger.size());
        ledger.values().forEach(row -> assertEquals("sent", row.state(), row.toString()));
        emails.forEach(e -> assertEquals(1, fixture.timeline(e).size(), e + " has one 'sent' event"));
    }

    @ParameterizedTest
    @MethodSource("rapport.store.TestDatabases#kinds")
    void twoPacedSendsWithATroubledAudienceStillMailEachCustomerOnce(TestDatabases.Kind kind) throws Exception {
        open(kind);
        List<String> emails = fixture.importCustomers(60);
        fixture.importCsv("email,stage,joined_at\nnameless@example.com,new,2026-11-01\n");

        List<SendSummary> summaries = sendAtOnce(SendFixture.options(3, 40, 0), fixture.openPool(), fixture.openPool());

        Map<String, Integer> counts = receivedCount();
        assertEquals(60, greenMail.getReceivedMessages().length);
        emails.forEach(e -> assertEquals(1, counts.get(e), e));
        assertEquals("skipped", fixture.deliveries().get("nameless@example.com").state());
        assertEquals(61, handled.get(), "every row was handled by exactly one of the two");
        assertTrue(summaries.stream().anyMatch(s -> s.state() == RunState.FINISHED), summaries.toString());
        summaries.forEach(s -> assertEquals(60, s.sent(), s.toString()));
    }
}
