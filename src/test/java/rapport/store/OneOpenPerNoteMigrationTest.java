package rapport.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import rapport.config.RapportConfig;
import rapport.customer.EmailAddresses;
import rapport.customer.TimelineEvent;
import rapport.feedback.MessageRef;
import rapport.feedback.Signal;

/** A database whose pixel made an open per fetch, before one open per note: the upgrade keeps one, on H2 and PostgreSQL. */
class OneOpenPerNoteMigrationTest {
    private static final Instant SENT = Instant.parse("2026-11-24T14:00:00Z");
    private static final Instant READ = SENT.plusSeconds(3600);

    @TempDir Path dir;

    @ParameterizedTest
    @MethodSource("rapport.store.TestDatabases#kinds")
    void theUpgradeKeepsTheFirstHumanAndTheFirstMachineOpenOfEachNote(TestDatabases.Kind kind) throws Exception {
        RapportConfig.Database settings;
        Runnable cleanup = () -> { };
        if (kind == TestDatabases.Kind.H2) {
            settings = new RapportConfig.Database("jdbc:h2:file:" + dir.resolve("rapport").toAbsolutePath(), "sa", "");
        } else {
            TestDatabases.requirePostgres();
            String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
            TestDatabases.execute("create schema " + schema);
            settings = TestDatabases.postgresSchemaSettings(schema);
            cleanup = () -> TestDatabases.execute("drop schema " + schema + " cascade");
        }
        try {
            Flyway.configure().dataSource(settings.url(), settings.username(), settings.password())
                    .locations("classpath:rapport/store/migration").target("8").load().migrate();
            try (Connection c = DriverManager.getConnection(settings.url(), settings.username(), settings.password())) {
                update(c, "insert into customers (id, email_key, email, stage, status, opens, updated_at)"
                        + " values (1, ?, 'ana@example.com', 'new', 'active', 5, ?)",
                        EmailAddresses.key("ana@example.com"), SENT);
                update(c, "insert into runs (id, as_of, state, started_at) values ('r1', ?, 'finished', ?)", SENT, SENT);
                update(c, "insert into runs (id, as_of, state, started_at) values ('r2', ?, 'finished', ?)", SENT, SENT);
                String delivery = "insert into deliveries (run_id, customer_id, piece, state, sent_at, opens, first_open_at)"
                        + " values (?, 1, 'tip', 'sent', ?, ?, ?)";
                update(c, delivery, "r1", SENT, 7, SENT.plusSeconds(2));
                update(c, delivery, "r2", SENT, 1, READ);
                // Note r1: a proxy fetched twice on delivery, the person four times; note r2: once.
                for (int s : new int[] {2, 3}) open(c, "r1", SENT.plusSeconds(s), true);
                for (int s : new int[] {0, 60, 60, 120}) open(c, "r1", READ.plusSeconds(s), false);
                open(c, "r2", READ, false);
            }

            try (Database db = Database.open(settings, 2)) {
                CustomerStore customers = new CustomerStore(db, Clock.fixed(READ, ZoneOffset.UTC));
                List<TimelineEvent> opens = customers.timeline(1);
                assertEquals(List.of("r1 machine " + SENT.plusSeconds(2) + " 7", "r1 human " + READ + " 7", "r2 human " + READ + " 1"),
                        opens.stream().sorted(java.util.Comparator.comparing(TimelineEvent::run).thenComparing(TimelineEvent::at))
                                .map(e -> e.run() + (e.machine() ? " machine " : " human ") + e.at() + " " + e.fetches()).toList());
                assertEquals(2, customers.findByEmail("ana@example.com").orElseThrow().engagement().opens(), "two notes opened");

                // The note's open is taken: another fetch is a hit, not an open.
                new FeedbackStore(db, Clock.fixed(READ, ZoneOffset.UTC))
                        .record(List.of(new Signal.Open(new MessageRef(1, "r1"), READ.plusSeconds(900), false, "Mail")));
                assertEquals(3, customers.timeline(1).size());
                assertEquals(8, customers.timeline(1).stream().filter(e -> "r1".equals(e.run())).findFirst().orElseThrow().fetches());
                assertEquals(2, customers.findByEmail("ana@example.com").orElseThrow().engagement().opens());
            }
        } finally {
            cleanup.run();
        }
    }

    private static void open(Connection c, String run, Instant at, boolean machine) throws SQLException {
        update(c, "insert into events (customer_id, type, at, piece, run_id, machine) values (1, 'open', ?, 'tip', ?, ?)", at, run, machine);
    }

    private static void update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            Jdbc.bind(st, params);
            st.executeUpdate();
        }
    }
}
