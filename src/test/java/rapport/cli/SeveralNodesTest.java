package rapport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rapport.TestWorkspace;
import rapport.store.TestDatabases;

/**
 * Three {@code serve} nodes on one PostgreSQL schema, as an operator runs a small cluster, and a
 * scheduled send to many customers into an SMTP server that records every message. Mid-send one
 * node is killed ({@code kill -9}) and one is stopped ({@code SIGSTOP}) past the staleness of its
 * claims and then resumed. Every customer gets exactly one distinct Message-ID; a message goes out
 * twice only for what those two nodes had in flight; the slot is one run; every mailbox poll slot
 * is read by exactly one node. Loopback only.
 *
 * <p>Each node is paced ({@code rapport.chaos.rate} messages a second, 0 for none) so that on a
 * fast machine the send is still going when the nodes fail; {@code rapport.chaos.customers} sets
 * the audience.
 */
class SeveralNodesTest {
    private static final int CUSTOMERS = Integer.getInteger("rapport.chaos.customers", 20_000);
    private static final int RATE = Integer.getInteger("rapport.chaos.rate", 400);
    private static final int CONNECTIONS = 4;
    private static final int STALE_SECONDS = 10;
    private static final Pattern POLL = Pattern.compile("the mailbox poll of (\\S+) is done");
    private static final Pattern PROCESS = Pattern.compile("^pid(\\d+)-");
    static final String NOTE = """
            <#--
            subject: "${customer.firstName}, how to keep silver bright"
            stages: [new]
            kind: tip
            priority: 50
            repeat: never
            -->
            <p>Hi ${customer.firstName},</p>
            <p>A soft cloth and a dry drawer do more than any polish.</p>
            <p>Pano</p>
            """;

    @TempDir Path dir;
    private String schema;
    private GreenMail imap;
    private RecordingSmtp smtp;
    private final List<ServeProcess> nodes = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (ServeProcess node : nodes) {
            resume(node);
            node.process().destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
        if (smtp != null) smtp.close();
        if (imap != null) imap.stop();
        if (schema != null) execute("drop schema " + schema + " cascade");
    }

    @Test
    void threeNodesOneKilledOneStalledEveryCustomerGetsExactlyOneMessageId() throws Exception {
        TestDatabases.requirePostgres();
        schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute("create schema " + schema);
        smtp = RecordingSmtp.start();
        imap = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort());
        imap.start();
        imap.setUser("replies@kosmima.example", "replies@kosmima.example", "imap-pw");

        TestWorkspace config = TestWorkspace.sample().withoutPromotion().template("note.ftlh", NOTE)
                .database(TestDatabases.PG_URL + "?currentSchema=" + schema, TestDatabases.PG_USER, "")
                .smtp("127.0.0.1", smtp.port()).smtpConnections(CONNECTIONS).smtpMaxPerSecond(RATE)
                .imap("127.0.0.1", imap.getImap().getPort(), "replies@kosmima.example", "imap-pw").imapTimeoutSeconds(5)
                .secret("several-nodes-secret-0123456789")
                .timeZone("UTC").scheduleSend("0/10 * * * * ?").schedulePoll("0/5 * * * * ?");
        List<Path> workspaces = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int port = OneServePerDatabaseTest.freePort();
            workspaces.add(config.trackingListen("127.0.0.1:" + port).trackingBaseUrl("http://127.0.0.1:" + port)
                    .write(dir.resolve("node" + i)));
        }
        // No joined_at: they join on the import's day, whatever day the suite runs, so none is dormant.
        StringBuilder csv = new StringBuilder("email,first_name,stage\n");
        for (int i = 0; i < CUSTOMERS; i++) csv.append("c%05d@example.com,Name%d,new\n".formatted(i, i));
        Files.writeString(dir.resolve("customers.csv"), csv);
        CliRun.Result imported = CliRun.run(workspaces.get(0), "import", dir.resolve("customers.csv").toString());
        assertEquals(0, imported.exit(), imported.err());

        long started = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            nodes.add(ServeProcess.start(dir, workspaces.get(i), "node" + i, Map.of("RAPPORT_LOG_LEVEL", "INFO")));
        }
        for (ServeProcess node : nodes) ServeProcess.await(() -> node.printed("next send"), "each node starts");
        for (ServeProcess node : nodes) assertTrue(node.stdout().contains("shared with every serve"), node.stdout());

        // Once every node sends, one is killed and one stalls past its claims' staleness.
        awaitUpTo(90, () -> sendingPids().size() == 3 || smtp.count() >= CUSTOMERS, "all three nodes send");
        assertTrue(smtp.count() < CUSTOMERS, "the send is still going when the nodes fail: make it larger");
        ServeProcess killed = nodes.get(0);
        ServeProcess stalled = nodes.get(1);
        killed.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        signal(stalled, "-STOP");
        Thread.sleep(TimeUnit.SECONDS.toMillis(STALE_SECONDS + 5));
        resume(stalled);

        awaitUpTo(150, () -> runState().equals("finished"), "the run finishes");
        double seconds = (System.nanoTime() - started) / 1e9;
        Thread.sleep(1_000); // a message a node had in flight lands
        System.out.printf("several nodes: %d customers sent in %.1f s from the nodes' start, with one node killed and one"
                + " stalled; %d raw duplicates; parts %s%n", CUSTOMERS, seconds, smtp.count() - CUSTOMERS, parts());

        Map<String, Set<String>> ids = smtp.messageIdsByRecipient();
        assertEquals(CUSTOMERS, ids.size(), "every customer got the note");
        List<String> twice = ids.entrySet().stream().filter(e -> e.getValue().size() != 1).map(Map.Entry::getKey).toList();
        assertEquals(List.of(), twice, "exactly one distinct Message-ID per customer");
        int duplicates = smtp.count() - CUSTOMERS;
        assertTrue(duplicates <= 2 * CONNECTIONS, duplicates + " raw duplicates; at most what the two failed nodes had in flight");
        assertEquals(1, count("select count(*) from runs"), "one run for the slot");
        assertEquals(CUSTOMERS, count("select count(*) from deliveries where state = 'sent'"));

        for (ServeProcess node : nodes.subList(1, 3)) assertEquals(0, node.terminate(), node.stderr());
        Map<String, Integer> polls = new HashMap<>();
        for (ServeProcess node : nodes) {
            Matcher m = POLL.matcher(node.stderr());
            while (m.find()) polls.merge(m.group(1), 1, Integer::sum);
        }
        assertTrue(polls.size() >= 3, "the mailbox was polled: " + polls);
        // The stalled node may fire a slot again when it wakes; it finds the slot taken and skips it.
        assertEquals(List.of(), polls.entrySet().stream().filter(e -> e.getValue() != 1).toList(), "one poll per poll slot: " + polls);
    }

    /** The pids of the processes that recorded outcomes of the run so far. */
    private Set<Long> sendingPids() {
        Set<Long> pids = new java.util.HashSet<>();
        query("select distinct done_by from deliveries where done_by is not null", rs -> {
            Matcher m = PROCESS.matcher(rs.getString(1));
            if (m.find()) pids.add(Long.parseLong(m.group(1)));
        });
        return pids;
    }

    /** Messages each process recorded as sent, by its pid. */
    private Map<String, Integer> parts() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        query("select done_by, count(*) from deliveries where state = 'sent' group by done_by", rs -> {
            Matcher m = PROCESS.matcher(String.valueOf(rs.getString(1)));
            out.merge(m.find() ? m.group(1) : String.valueOf(rs.getString(1)), rs.getInt(2), Integer::sum);
        });
        return out;
    }

    private String runState() {
        List<String> states = new ArrayList<>();
        query("select state from runs", rs -> states.add(rs.getString(1)));
        return states.size() == 1 ? states.get(0) : String.valueOf(states);
    }

    private int count(String sql) {
        int[] n = new int[1];
        query(sql, rs -> n[0] = rs.getInt(1));
        return n[0];
    }

    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(String sql, Row row) {
        try (Connection c = DriverManager.getConnection(TestDatabases.PG_URL + "?currentSchema=" + schema, TestDatabases.PG_USER, "");
             PreparedStatement st = c.prepareStatement(sql);
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) row.read(rs);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static void awaitUpTo(int seconds, java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out: " + what);
            Thread.sleep(100);
        }
    }

    private static void signal(ServeProcess node, String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", signal, Long.toString(node.process().pid())).start().waitFor(5, TimeUnit.SECONDS);
    }

    private static void resume(ServeProcess node) throws IOException, InterruptedException {
        if (node.process().isAlive()) signal(node, "-CONT");
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(TestDatabases.PG_URL, TestDatabases.PG_USER, "");
             Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
