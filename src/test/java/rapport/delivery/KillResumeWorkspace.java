package rapport.delivery;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import rapport.TestWorkspace;
import rapport.config.RapportConfig;
import rapport.store.Database;

/**
 * A real workspace in a temp folder for {@link KillResumeTest}: configuration with SMTP on a
 * loopback test server and an H2 file database, two pieces for new customers, and the
 * {@code rapport} command run as a child JVM on the test's own class path, so that it can be
 * killed for real. The database is read only while no child holds it (an embedded H2 file is
 * locked by the process that opened it). Not thread-safe.
 */
final class KillResumeWorkspace {
    static final String AS_OF = "2026-11-24";
    static final String RUN = "20261124";

    private static final String WELCOME = """
            <#--
            subject: "Welcome, ${customer.firstName}"
            stages: [new]
            kind: welcome
            priority: 80
            repeat: never
            -->
            <p>Hi ${customer.firstName},</p>
            <p>Thank you for coming by. If a clasp ever feels loose, bring it in: we check it while you wait.</p>
            <p>Pano</p>
            """;

    private static final String TIP = """
            <#--
            subject: "${customer.firstName}, how to keep silver bright"
            stages: [new, acquaintance]
            kind: tip
            priority: 50
            repeat: never
            -->
            <p>Hi ${customer.firstName},</p>
            <p>A soft cloth and a dry drawer do more than any polish.</p>
            <p>Pano</p>
            """;

    final Path dir;
    final String dbUrl;
    private final Path logs;
    private final String classPath;
    private int started;

    private KillResumeWorkspace(Path dir, String classPath) {
        this.dir = dir;
        this.dbUrl = "jdbc:h2:file:" + dir.resolve("data").resolve("rapport").toAbsolutePath();
        this.logs = dir.resolve("logs");
        this.classPath = classPath;
    }

    static KillResumeWorkspace create(Path dir, int smtpPort, int connections) throws IOException {
        KillResumeWorkspace ws = new KillResumeWorkspace(dir, rapport.testing.ClassPathSnapshot.of(dir.resolve("classpath")));
        Files.createDirectories(ws.logs);
        TestWorkspace.sample().database(ws.dbUrl, "sa", "").smtp("127.0.0.1", smtpPort).smtpConnections(connections)
                .smtpTimeoutSeconds(10).secret("kill-resume-secret-0123456789").withoutPromotion()
                .template("welcome.ftlh", WELCOME).template("silver-care.ftlh", TIP).write(dir);
        return ws;
    }

    static String email(int i) {
        return "c%05d@example.com".formatted(i);
    }

    /** {@code n} new customers, never contacted, so all due on {@link #AS_OF}; returns their addresses. */
    List<String> writeCustomers(Path csv, int n) throws IOException {
        StringBuilder text = new StringBuilder("email,first_name,last_name,stage,joined_at\n");
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            text.append(email(i)).append(",Name").append(i).append(",Tester,new,2026-11-01\n");
            emails.add(email(i));
        }
        Files.writeString(csv, text, StandardCharsets.UTF_8);
        return emails;
    }

    /** A running {@code rapport} child process and where its output goes. */
    record Child(Process process, Path out, Path err, long startedNanos) {
        String stdout() throws IOException {
            return Files.readString(out, StandardCharsets.UTF_8);
        }

        String stderr() throws IOException {
            return Files.readString(err, StandardCharsets.UTF_8);
        }
    }

    /** Starts {@code rapport ARGS --workspace DIR} in a new JVM with the test's class path. */
    Child start(String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", classPath, "rapport.cli.Main"));
        command.addAll(List.of(args));
        command.addAll(List.of("--workspace", dir.toString()));
        String name = "%02d-%s".formatted(++started, args[0]);
        Path out = logs.resolve(name + ".out");
        Path err = logs.resolve(name + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("RAPPORT_HOME");
        long now = System.nanoTime();
        return new Child(builder.start(), out, err, now);
    }

    /** Where a running send is, as its threads show it: see {@link #phase}. */
    enum Phase { START_UP, PLANNING, SENDING, UNKNOWN }

    /**
     * The phase of a running send, read from the names of its threads (Linux {@code /proc}):
     * the run's heartbeat thread starts right before planning, the ledger writer and the send
     * workers right before the first message. UNKNOWN where {@code /proc} cannot tell.
     */
    static Phase phase(Process process) {
        Path tasks = Path.of("/proc", Long.toString(process.pid()), "task");
        boolean beating = false;
        try (var threads = Files.list(tasks)) {
            for (Path task : (Iterable<Path>) threads::iterator) {
                String name;
                try {
                    name = Files.readString(task.resolve("comm"), StandardCharsets.UTF_8).strip();
                } catch (IOException gone) {
                    continue; // the thread ended while we looked
                }
                // Linux keeps 15 characters of a thread's name.
                if (name.startsWith("rapport-send-") || name.startsWith("rapport-ledger")) return Phase.SENDING;
                if (name.startsWith("rapport-heartbe")) beating = true;
            }
        } catch (IOException | RuntimeException e) {
            return Phase.UNKNOWN;
        }
        return beating ? Phase.PLANNING : Phase.START_UP;
    }

    /** Whether {@link #phase} can tell anything here. */
    static boolean phasesVisible() {
        return Files.isDirectory(Path.of("/proc/self/task"));
    }

    /** What the ledger says about the run, read between two processes. */
    record RunState(String state, long planCursor, Map<String, Integer> rows) {
        int rows(String state) {
            return this.rows.getOrDefault(state, 0);
        }

        @Override
        public String toString() {
            return (state == null ? "no run yet" : state + " cursor " + planCursor) + " " + rows;
        }
    }

    /**
     * The run as the next command finds it: opening the database the way every command does
     * first records what a killed send noted in its journal but had not yet committed.
     */
    RunState runState() {
        // What the killed process made durable in its journal is recorded as the next run opens: that step here.
        try (Database db = Database.open(new RapportConfig.Database(dbUrl, "sa", ""), 2)) {
            new rapport.store.LedgerStore(db).durability().recover();
        }
        String[] state = {null};
        long[] cursor = {0};
        Map<String, Integer> rows = new LinkedHashMap<>();
        query("select state, plan_cursor from runs where id = ?", rs -> {
            state[0] = rs.getString(1);
            cursor[0] = rs.getLong(2);
        }, RUN);
        query("select state, count(*) from deliveries where run_id = ? group by state order by state",
                rs -> rows.put(rs.getString(1), rs.getInt(2)), RUN);
        return new RunState(state[0], cursor[0], rows);
    }

    /** Ledger rows of the run by email: state and Message-ID. */
    Map<String, String[]> deliveries() {
        Map<String, String[]> out = new LinkedHashMap<>();
        query("select c.email, d.state, d.message_id from deliveries d join customers c on c.id = d.customer_id"
                + " where d.run_id = ? order by c.email", rs -> {
                    if (out.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3)}) != null) {
                        throw new IllegalStateException("two ledger rows for " + rs.getString(1));
                    }
                }, RUN);
        return out;
    }

    /** How many 'sent' events each customer's timeline holds. */
    Map<String, Integer> sentEvents() {
        Map<String, Integer> out = new LinkedHashMap<>();
        query("select c.email, count(*) from events e join customers c on c.id = e.customer_id"
                + " where e.type = 'sent' group by c.email", rs -> out.put(rs.getString(1), rs.getInt(2)));
        return out;
    }

    private interface Each {
        void row(ResultSet rs) throws SQLException;
    }

    /**
     * Opens the file database, reads, and closes it again, so the next child can open it; opened
     * and closed the way every command does (see {@link Database#close}).
     */
    private void query(String sql, Each each, Object... params) {
        try (Database db = Database.open(new RapportConfig.Database(dbUrl, "sa", ""), 1);
             Connection c = db.dataSource().getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) st.setObject(i + 1, params[i]);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) each.row(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
