package rapport.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import rapport.config.RapportConfig;

/**
 * The connection pool and the schema. Opening it brings the schema up to date with the
 * migrations under {@code rapport/store/migration}. Thread-safe; close it once at exit.
 */
public final class Database implements AutoCloseable {
    /** The version of the newest file in {@code rapport/store/migration}; a test keeps the two in step. */
    static final String LATEST_MIGRATION = "15";
    private static final String H2_FILE = "jdbc:h2:file:";
    private static final String H2_RETRY = "jdbc:h2:retry:";

    private static final Sql SQL = Sql.load("/rapport/store/database.sql");

    private final HikariDataSource pool;
    private final Optional<SentJournals> journals;

    private Database(HikariDataSource pool, Optional<Path> journal) {
        this.pool = pool;
        this.journals = journal.map(SentJournals::new);
    }

    public static Database open(RapportConfig.Database settings, int maxConnections) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(durable(settings.url()));
        hikari.setUsername(settings.username());
        hikari.setPassword(settings.password());
        hikari.setMaximumPoolSize(maxConnections);
        hikari.setMinimumIdle(1);
        hikari.setPoolName("rapport");
        hikari.setInitializationFailTimeout(10_000);
        // Batched inserts (a send's planned deliveries, events and histories) go as multi-row
        // inserts instead of a round trip per row. Only inserts are rewritten, and no caller reads
        // their row counts.
        if (settings.url().startsWith("jdbc:postgresql:")) hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new StoreException("cannot open the database " + settings.url() + ": " + rootMessage(e), e);
        }
        if (!isCurrent(pool)) migrate(pool);
        return new Database(pool, journalBeside(settings.url()));
    }

    private static void migrate(HikariDataSource pool) {
        try {
            Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:rapport/store/migration")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw new StoreException("cannot bring the database schema up to date: " + rootMessage(e), e);
        }
    }

    /**
     * The sent-message journal of an embedded H2 file ({@code data/rapport.journal} beside
     * {@code data/rapport.mv.db}); none for a database server, whose commits are waited for.
     */
    private static Optional<Path> journalBeside(String url) {
        if (!url.startsWith(H2_FILE)) return Optional.empty();
        String file = url.substring(H2_FILE.length());
        int semicolon = file.indexOf(';');
        if (semicolon >= 0) file = file.substring(0, semicolon);
        if (file.startsWith("~")) file = rapport.config.Environment.userHome() + file.substring(1);
        return Optional.of(Path.of(file + ".journal").toAbsolutePath());
    }

    /**
     * Where sends of this database note accepted messages ahead of their group commit: the
     * journals of an embedded file; none for a database server, whose commits are waited for.
     */
    public Optional<SentJournals> journals() {
        return journals;
    }

    /**
     * Two guards for an embedded H2 file. H2 writes committed transactions to its file in the
     * background, up to half a second late by default: a process killed in that window loses
     * them, and the ledger would forget messages the server already accepted. Writing each
     * commit at once keeps "recorded" true across a kill; the send commits outcomes in groups,
     * so the cost stays small. And a thread interrupted while H2 writes (Quartz interrupts its
     * own thread when serve stops) would close the file under every connection, taking the
     * database down mid-shutdown; H2's {@code retry:} file system reopens it and writes again.
     */
    static String durable(String url) {
        if (!url.startsWith("jdbc:h2:")) return url;
        if (!url.startsWith(H2_FILE)) return unlessSet(url, "WRITE_DELAY", "0");
        String safe = H2_RETRY + url.substring(H2_FILE.length());
        return unlessSet(unlessSet(safe, "WRITE_DELAY", "0"), "CACHE_SIZE", SMALL_CACHE_KB);
    }

    /**
     * An H2 file's page cache, smaller than H2's default unless the URL says otherwise. Rapport
     * reads its pages mostly once and in order (a send plans and records customer by customer),
     * so a larger cache buys little; and the cache lives in the old generation, where on a large
     * database cached and evicted pages would make a big send's footprint grow with the audience.
     */
    private static final String SMALL_CACHE_KB = "4096";

    private static String unlessSet(String url, String option, String value) {
        return url.toUpperCase(java.util.Locale.ROOT).contains(";" + option + "=") ? url : url + ";" + option + "=" + value;
    }

    /**
     * Whether the schema already has every migration: then Flyway (a large part of a cold
     * command's start-up) is not loaded at all. Any doubt means "not current", and Flyway decides.
     */
    private static boolean isCurrent(HikariDataSource pool) {
        // Asked through information_schema first, so a new database raises no error to trace.
        try (Connection c = pool.getConnection();
             var exists = c.prepareStatement(SQL.get("has-schema-history"));
             var rs = exists.executeQuery()) {
            if (!rs.next() || rs.getInt(1) == 0) return false;
            try (var st = c.prepareStatement(SQL.get("has-migration"))) {
                st.setString(1, LATEST_MIGRATION);
                try (var version = st.executeQuery()) {
                    return version.next() && version.getInt(1) == 1;
                }
            }
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * After bulk writes (an import), rewrites an embedded H2 file to its real size and closes the
     * database. H2 stores copy-on-write and keeps rewritten pages until it compacts, which it does
     * fully only on {@code SHUTDOWN COMPACT}: a million-row import otherwise leaves a file of
     * several GB that every later command is slower to open. Done only when this process is the
     * database's sole user, so a running {@code serve} is never cut off. Returns whether it ran;
     * either way this {@code Database} must not be used afterwards except to close it.
     */
    public boolean compactIfAlone() {
        if (!embeddedFile() || !alone()) return false;
        // From outside the pool, as in close(): the database is never closed in H2's orderly way.
        try (Connection c = DriverManager.getConnection(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword());
             var st = c.createStatement()) {
            st.execute(SQL.get("shutdown-compact"));
            return true;
        } catch (SQLException e) {
            return false;
        } finally {
            pool.close();
        }
    }

    /** Whether the database answers within two seconds: what the health endpoint reports. */
    public boolean answers() {
        try (Connection c = connection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    public DataSource dataSource() {
        return pool;
    }

    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /**
     * Closes the pool. An embedded H2 file that only this process uses is closed the way a kill
     * would leave it ({@code SHUTDOWN IMMEDIATELY}): every commit is already on disk
     * ({@code WRITE_DELAY=0}), and H2's own orderly close, which compacts for a limited time and
     * then marks the file cleanly shut, can leave two live chunks overlapping ("Double mark",
     * h2database#4083 and #2752): a database that would not open again. The next open recovers
     * from the newest chunk, as it does after every kill.
     */
    @Override
    public void close() {
        if (embeddedFile() && !pool.isClosed() && alone()) {
            // Shut down from outside the pool, which would otherwise trip over its dead connection.
            try (Connection c = DriverManager.getConnection(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword());
                 var st = c.createStatement()) {
                st.execute(SQL.get("shutdown-immediately"));
            } catch (SQLException e) {
                // Already closed by H2 itself: nothing left to do.
            }
        }
        pool.close();
    }

    /** Whether this is a PostgreSQL server rather than H2. */
    boolean postgres() {
        return pool.getJdbcUrl().startsWith("jdbc:postgresql:");
    }

    /** Whether this process opens an H2 file itself: not the database of an H2 server, nor one in memory. */
    private boolean embeddedFile() {
        String url = pool.getJdbcUrl().toLowerCase(java.util.Locale.ROOT);
        if (!url.startsWith("jdbc:h2:")) return false;
        String rest = url.substring("jdbc:h2:".length());
        return !(rest.startsWith("tcp:") || rest.startsWith("ssl:") || rest.startsWith("mem:"));
    }

    /** Whether no other process is connected (through H2's automatic server) besides this pool. */
    private boolean alone() {
        try (Connection c = pool.getConnection();
             var st = c.createStatement();
             var rs = st.executeQuery(SQL.get("sessions"))) {
            return rs.next() && rs.getInt(1) <= pool.getHikariPoolMXBean().getTotalConnections();
        } catch (SQLException e) {
            return false;
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage();
    }
}
