package rapport.delivery;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import rapport.TestWorkspace;
import rapport.cli.CommandClock;
import rapport.config.RapportConfig;
import rapport.content.Catalog;
import rapport.customer.Customer;
import rapport.customer.CustomerImport;
import rapport.customer.ImportReport;
import rapport.customer.TimelineEvent;
import rapport.render.Links;
import rapport.render.Linter;
import rapport.render.MessageComposer;
import rapport.render.Renderer;
import rapport.render.TemplateEngine;
import rapport.tokens.Tokens;
import rapport.selection.Policy;
import rapport.selection.Selector;
import rapport.store.CustomerStore;
import rapport.store.Database;
import rapport.store.LedgerStore;

/**
 * A whole Rapport workspace in a temp folder, wired for {@code send} exactly as the command
 * line wires it (see {@code Workspace.sendRun}), with SMTP pointed at a test server on loopback
 * and short timings. One piece for new customers; each {@link #sendRun} loads catalog and lint
 * afresh, as a new command would. Not thread-safe, except that several {@link SendRun}s it made
 * may run at once.
 */
final class SendFixture implements AutoCloseable {
    /** A Tuesday, 9:00 in New York: the weekly send's slot. */
    static final Instant AS_OF = Instant.parse("2026-11-24T14:00:00Z");
    /** The clock of a {@code send --as-of AS_OF}: it starts at {@link #AS_OF} and runs forward. */
    private static final Clock COMMAND_CLOCK = CommandClock.startingAt(AS_OF);
    static final String RUN = "20261124";
    static final String SECRET = "fixture-secret-0123456789";
    static final String POSTAL = "12 Boylston St, Chestnut Hill, MA 02467";
    static final String GUIDE = "https://shop.example/silver-care";

    static final String NOTE = """
            <#--
            subject: "${customer.firstName}, how to keep silver bright"
            stages: [new, acquaintance]
            kind: tip
            priority: 50
            repeat: never
            -->
            <p>Hi ${customer.firstName},</p>
            <p>A soft cloth and a dry drawer do more than any polish. The long version is in
            <a href="%s">our silver care guide</a>.</p>
            <p>Pano</p>
            """.formatted(GUIDE);

    /** Where the fixture's SMTP and database are. */
    record Settings(int smtpPort, int timeoutSeconds, String dbUrl, String dbUser, String dbPassword) {
        static Settings h2(Path dir, int smtpPort) {
            return new Settings(smtpPort, 3, "jdbc:h2:file:" + dir.resolve("data").resolve("rapport").toAbsolutePath(), "sa", "");
        }

        Settings timeoutSeconds(int seconds) {
            return new Settings(smtpPort, seconds, dbUrl, dbUser, dbPassword);
        }
    }

    /** One ledger row, as a user reads it. */
    record Row(String email, String state, String reason, int attempts, String messageId, Instant sentAt) {}

    final Path workspace;
    final RapportConfig config;
    final Database database;
    final CustomerStore customers;
    final Links links;
    private final List<Database> pools = new ArrayList<>();

    private SendFixture(Path workspace, RapportConfig config, Database database) {
        this.workspace = workspace;
        this.config = config;
        this.database = database;
        this.customers = new CustomerStore(database, COMMAND_CLOCK);
        this.links = new Links(config.tracking(), config.sender(), new Tokens(List.of(SECRET)));
    }

    static SendFixture open(Path dir, Settings settings) throws IOException {
        RapportConfig config = TestWorkspace.sample().postalAddress(POSTAL)
                .database(settings.dbUrl(), settings.dbUser(), settings.dbPassword())
                .smtp("127.0.0.1", settings.smtpPort()).smtpTimeoutSeconds(settings.timeoutSeconds())
                .secret(SECRET).withoutPromotion().template("note.ftlh", NOTE).load(dir);
        return new SendFixture(dir, config, Database.open(config.database(), 10));
    }

    /** The options a test run uses: short backoffs, a quick heartbeat, 3 tries, pause after 5 faults. */
    static SendOptions options(int workers, double perSecond, int limit) {
        return new SendOptions(workers, perSecond, limit, 20, 3, Duration.ofMillis(100), 5,
                Duration.ofMillis(200), Duration.ofSeconds(1));
    }

    SendRun sendRun(SendOptions options) {
        return sendRun(database, options);
    }

    /** A run wired like {@code Workspace.sendRun}, on the given pool (another "process" when it is a new one). */
    SendRun sendRun(Database db, SendOptions options) {
        CustomerStore store = new CustomerStore(db, COMMAND_CLOCK);
        SmtpMailer mailer = new SmtpMailer(config.smtp());
        LedgerStore ledger = new LedgerStore(db);
        return new SendRun(store, ledger, ledger.durability(), nextNote(db), new MessageComposer(mailer.session(), config.sender()),
                mailer, COMMAND_CLOCK, Clock.systemUTC(), config.schedule().timeZone(), options);
    }

    NextNote nextNote(Database db) {
        Path templates = workspace.resolve("templates");
        Set<String> stages = new LinkedHashSet<>(config.stageNames());
        stages.add(Policy.DORMANT);
        Catalog catalog = Catalog.load(templates, stages);
        TemplateEngine engine = new TemplateEngine(templates, config.schedule().timeZone());
        Map<String, String> lintFailures = new Linter(engine, config.sender()).lint(catalog, Instant.now()).failures();
        Selector selector = new Selector(Policy.from(config), catalog.pieces(), lintFailures);
        Renderer renderer = new Renderer(engine, config, links);
        return new NextNote(new CustomerStore(db, COMMAND_CLOCK), catalog, selector, renderer);
    }

    /** Opens the fixture's run and plans the note for each of {@code ids}, as {@code process}. */
    static void planAll(Ledger ledger, String process, List<Long> ids, Instant now) {
        ledger.openRun(RUN, AS_OF, now);
        if (!ledger.takePlanning(RUN, process, now.minusSeconds(10))) throw new IllegalStateException("planning lease not taken");
        List<Ledger.Planned> planned = new ArrayList<>();
        for (long id : ids) planned.add(new Ledger.Planned(id, "note", null));
        ledger.writePlanned(RUN, process, planned, ids.get(ids.size() - 1), Map.of());
        ledger.planningDone(RUN);
    }

    /** A second connection pool on the same database, as a second process would have. */
    Database openPool() {
        Database pool = Database.open(config.database(), 10);
        pools.add(pool);
        return pool;
    }

    void writeTemplate(String name, String text) throws IOException {
        Files.writeString(workspace.resolve("templates").resolve(name), text, StandardCharsets.UTF_8);
    }

    static String email(int i) {
        return "c%03d@example.com".formatted(i);
    }

    /** {@code n} new customers, never contacted, so all due; returns their addresses in id order. */
    List<String> importCustomers(int n) {
        StringBuilder csv = new StringBuilder("email,first_name,last_name,stage,joined_at\n");
        java.util.Set<String> imported = new java.util.HashSet<>();
        for (int i = 0; i < n; i++) {
            csv.append(email(i)).append(",Name").append(i).append(",Tester,new,2026-11-01\n");
            imported.add(email(i));
        }
        importCsv(csv.toString());
        // In id order, the order a run claims them in (the import numbers a batch in key order).
        List<String> emails = new ArrayList<>();
        query("select email from customers order by id", rs -> {
            if (imported.contains(rs.getString(1))) emails.add(rs.getString(1));
        });
        return emails;
    }

    void importCsv(String csv) {
        CustomerImport importer = new CustomerImport(customers, config.stageNames(), config.schedule().timeZone(),
                LocalDate.of(2026, 11, 1));
        try {
            ImportReport report = importer.run("customers.csv", new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), false);
            if (!report.rejected().isEmpty()) throw new IllegalArgumentException("rows rejected: " + report.rejected());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The ledger of the fixture's run, by customer email in id order. */
    Map<String, Row> deliveries() {
        Map<String, Row> rows = new LinkedHashMap<>();
        query("select c.email, d.state, d.reason, d.attempts, d.message_id, d.sent_at from deliveries d"
                + " join customers c on c.id = d.customer_id where d.run_id = ? order by d.customer_id", rs -> {
                    java.sql.Timestamp sent = rs.getTimestamp(6);
                    rows.put(rs.getString(1), new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                            rs.getString(5), sent == null ? null : sent.toInstant()));
                }, RUN);
        return rows;
    }

    /** How many messages each recipient got, from what a server received. */
    static Map<String, Integer> perRecipient(jakarta.mail.internet.MimeMessage[] received) {
        Map<String, Integer> count = new LinkedHashMap<>();
        try {
            for (var m : received) count.merge(((jakarta.mail.internet.InternetAddress) m.getAllRecipients()[0]).getAddress(), 1, Integer::sum);
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
        return count;
    }

    /** How many runs the ledger holds. */
    int runs() {
        int[] n = {0};
        query("select count(*) from runs", rs -> n[0] = rs.getInt(1));
        return n[0];
    }

    Customer customer(String email) {
        return customers.findByEmail(email).orElseThrow();
    }

    List<TimelineEvent> timeline(String email) {
        return customers.timeline(customer(email).id());
    }

    /** What an unsubscribe click does to the customers table, done behind the run's back. */
    void setStatus(String email, String status) {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement st = c.prepareStatement("update customers set status = ? where id = ?")) {
            st.setString(1, status);
            st.setLong(2, customer(email).id());
            if (st.executeUpdate() != 1) throw new IllegalStateException("no customer " + email);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Each {
        void row(ResultSet rs) throws SQLException;
    }

    private void query(String sql, Each each, Object... params) {
        try (Connection c = database.dataSource().getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) st.setObject(i + 1, params[i]);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) each.row(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        pools.forEach(Database::close);
        database.close();
    }
}
