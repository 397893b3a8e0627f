package rapport.schedule;

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
import java.util.stream.Stream;
import rapport.TestWorkspace;
import rapport.config.RapportConfig;
import rapport.config.RapportConfig.StageConfig;
import rapport.content.Catalog;
import rapport.customer.CustomerImport;
import rapport.delivery.OutboxMailer;
import rapport.delivery.NextNote;
import rapport.delivery.SendOptions;
import rapport.delivery.SendRun;
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
import rapport.store.TestDatabases;

/**
 * A workspace for the scheduled send: one piece for new customers, the outbox as the mailer, a
 * real database of the given kind, and send runs wired as {@code Workspace.sendRun} wires them,
 * paced so that a test can stop one half-way. Not thread-safe, except {@link #sendRun()}.
 */
final class SendWorkspace implements AutoCloseable {
    static final String NOTE = """
            <#--
            subject: "${customer.firstName}, how to keep silver bright"
            stages: [new]
            kind: tip
            priority: 50
            repeat: never
            -->
            <p>Hi ${customer.firstName},</p>
            <p>A soft cloth and a dry drawer do more than any polish. The long version is in
            <a href="https://shop.example/silver-care">our silver care guide</a>.</p>
            <p>Pano</p>
            """;

    final Path dir;
    final RapportConfig config;
    final Database database;
    private final TestDatabases.TestDb db;
    private final double perSecond;

    private SendWorkspace(Path dir, RapportConfig config, TestDatabases.TestDb db, double perSecond) {
        this.dir = dir;
        this.config = config;
        this.db = db;
        this.database = db.database();
        this.perSecond = perSecond;
    }

    /** A workspace whose runs send at most {@code perSecond} messages a second (0: unpaced). */
    static SendWorkspace open(Path dir, TestDatabases.Kind kind, double perSecond) throws IOException {
        RapportConfig config = TestWorkspace.sample().smtpConnections(1).secret("schedule-test-secret-0123456789")
                .stages(new StageConfig("new", 3), new StageConfig("acquaintance", 7)).template("note.ftlh", NOTE).load(dir);
        return new SendWorkspace(dir, config, TestDatabases.open(kind, dir), perSecond);
    }

    /** A run wired like {@code Workspace.sendRun}, writing .eml files to the outbox. */
    SendRun sendRun() {
        Path templates = dir.resolve("templates");
        Set<String> stages = new LinkedHashSet<>(config.stageNames());
        stages.add(Policy.DORMANT);
        Catalog catalog = Catalog.load(templates, stages);
        TemplateEngine engine = new TemplateEngine(templates, config.schedule().timeZone());
        Map<String, String> lintFailures = new Linter(engine, config.sender()).lint(catalog, Instant.now()).failures();
        Selector selector = new Selector(Policy.from(config), catalog.pieces(), lintFailures);
        Links links = new Links(config.tracking(), config.sender(), new Tokens(List.of(config.tracking().secret())));
        // The scheduled send runs in serve, whose clock is the system's: slots are real moments.
        CustomerStore customers = new CustomerStore(database, Clock.systemUTC());
        NextNote nextNote = new NextNote(customers, catalog, selector, new Renderer(engine, config, links));
        SendOptions options = new SendOptions(1, perSecond, 0, 5, 3, Duration.ofMillis(100), 5,
                Duration.ofMillis(200), Duration.ofSeconds(1));
        LedgerStore ledger = new LedgerStore(database);
        return new SendRun(customers, ledger, ledger.durability(), nextNote,
                new MessageComposer(MessageComposer.offlineSession(), config.sender()),
                new OutboxMailer(config.smtp().outbox()), Clock.systemUTC(), Clock.systemUTC(), config.schedule().timeZone(), options);
    }

    /** {@code n} new customers who joined ten days ago and never heard from us: all due this week. */
    void importCustomers(int n) {
        LocalDate joined = LocalDate.now(config.schedule().timeZone()).minusDays(10);
        StringBuilder csv = new StringBuilder("email,first_name,stage,joined_at\n");
        for (int i = 0; i < n; i++) csv.append("c%03d@example.com,Name%d,new,%s\n".formatted(i, i, joined));
        CustomerImport importer = new CustomerImport(new CustomerStore(database, Clock.systemUTC()), config.stageNames(),
                config.schedule().timeZone(), joined);
        try {
            var report = importer.run("customers.csv", new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)), false);
            if (!report.rejected().isEmpty()) throw new IllegalStateException("rows rejected: " + report.rejected());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The .eml files written so far. */
    long outboxFiles() throws IOException {
        Path outbox = config.smtp().outbox();
        if (!Files.isDirectory(outbox)) return 0;
        try (Stream<Path> files = Files.list(outbox)) {
            return files.filter(f -> f.toString().endsWith(".eml")).count();
        }
    }

    /** Every run in the ledger with its state, by id. */
    Map<String, String> runs() {
        Map<String, String> runs = new LinkedHashMap<>();
        for (List<Object> row : query("select id, state from runs order by id")) runs.put((String) row.get(0), (String) row.get(1));
        return runs;
    }

    /** How many ledger rows of the run are in each state. */
    Map<String, Integer> deliveries(String runId) {
        Map<String, Integer> states = new LinkedHashMap<>();
        for (List<Object> row : query("select state, count(*) from deliveries where run_id = ? group by state order by state", runId)) {
            states.put((String) row.get(0), ((Number) row.get(1)).intValue());
        }
        return states;
    }

    List<List<Object>> query(String sql, Object... params) {
        try (Connection c = database.dataSource().getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) st.setObject(i + 1, params[i]);
            List<List<Object>> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) row.add(rs.getObject(i));
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        db.close();
    }
}
