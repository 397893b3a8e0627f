package rapport.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import rapport.config.RapportConfig;
import rapport.feedback.MessageRef;

/**
 * Real databases for store tests: an H2 file in a temp folder, and a fresh schema in the local
 * PostgreSQL. Without PostgreSQL a developer's run skips those cases with a visible notice; CI
 * ({@code CI=true}) fails instead, so they are never silently skipped there.
 */
public final class TestDatabases {
    public static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    public static final String PG_USER = "postgres";

    public enum Kind { H2, POSTGRES }

    private TestDatabases() {}

    /** For {@code @MethodSource("rapport.store.TestDatabases#kinds")}. */
    public static Stream<Kind> kinds() {
        return Stream.of(Kind.H2, Kind.POSTGRES);
    }

    /** A database with the migrated schema; closing it drops what the test made. */
    public static TestDb open(Kind kind, Path dir) {
        if (kind == Kind.H2) {
            String url = "jdbc:h2:file:" + dir.resolve("rapport").toAbsolutePath();
            return new TestDb(Database.open(new RapportConfig.Database(url, "sa", ""), 4), () -> { });
        }
        requirePostgres();
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute("create schema " + schema);
        Database db = Database.open(new RapportConfig.Database(PG_URL + "?currentSchema=" + schema, PG_USER, ""), 4);
        return new TestDb(db, () -> execute("drop schema " + schema + " cascade"));
    }

    public static RapportConfig.Database postgresSchemaSettings(String schema) {
        return new RapportConfig.Database(PG_URL + "?currentSchema=" + schema, PG_USER, "");
    }

    public static void requirePostgres() {
        try (Connection c = DriverManager.getConnection(PG_URL + "?connectTimeout=3", PG_USER, "")) {
            c.isValid(2);
        } catch (SQLException e) {
            String notice = "PostgreSQL is not reachable on 127.0.0.1:5432 (" + e.getMessage() + ")";
            if ("true".equals(System.getenv("CI"))) Assertions.fail(notice + "; CI never skips the PostgreSQL tests");
            System.err.println("NOTICE: " + notice + ": PostgreSQL store tests skipped");
            Assumptions.abort(notice);
        }
    }

    static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, ""); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /**
     * Records that a note of {@code piece} went to the customer in {@code run} at {@code sentAt},
     * as a send's ledger would: feedback counts against the notes the ledger holds.
     */
    static MessageRef sentNote(Database db, String run, long customerId, String piece, Instant sentAt) {
        try (Connection c = db.connection()) {
            try (PreparedStatement st = c.prepareStatement("insert into runs (id, as_of, state, started_at)"
                    + " select ?, ?, 'finished', ? where not exists (select 1 from runs where id = ?)")) {
                Jdbc.bind(st, run, sentAt, sentAt, run);
                st.executeUpdate();
            }
            try (PreparedStatement st = c.prepareStatement("insert into deliveries (run_id, customer_id, piece, state, message_id, sent_at)"
                    + " values (?, ?, ?, 'sent', ?, ?)")) {
                Jdbc.bind(st, run, customerId, piece, "<rapport." + run + "." + Long.toString(customerId, 36) + "@kosmima.example>", sentAt);
                st.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new MessageRef(customerId, run);
    }

    /** A migrated database and how to clean up after it. */
    public record TestDb(Database database, Runnable cleanup) implements AutoCloseable {
        @Override
        public void close() {
            database.close();
            cleanup.run();
        }
    }
}
