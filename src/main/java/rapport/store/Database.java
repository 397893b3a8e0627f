package rapport.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import rapport.config.RapportConfig;

/**
 * The connection pool and the schema. Opening it brings the schema up to date with the
 * migrations under {@code rapport/store/migration}. Thread-safe; close it once at exit.
 */
public final class Database implements AutoCloseable {
    /** The version of the newest file in {@code rapport/store/migration}; a test keeps the two in step. */
    static final String LATEST_MIGRATION = "1";

    private final HikariDataSource pool;

    private Database(HikariDataSource pool) {
        this.pool = pool;
    }

    public static Database open(RapportConfig.Database settings, int maxConnections) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(settings.url());
        hikari.setUsername(settings.username());
        hikari.setPassword(settings.password());
        hikari.setMaximumPoolSize(maxConnections);
        hikari.setMinimumIdle(1);
        hikari.setPoolName("rapport");
        hikari.setInitializationFailTimeout(10_000);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new StoreException("cannot open the database " + settings.url() + ": " + rootMessage(e), e);
        }
        if (isCurrent(pool)) return new Database(pool);
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
        return new Database(pool);
    }

    /**
     * Whether the schema already has every migration: then Flyway (a large part of a cold
     * command's start-up) is not loaded at all. Any doubt means "not current", and Flyway decides.
     */
    private static boolean isCurrent(HikariDataSource pool) {
        try (Connection c = pool.getConnection();
             var st = c.prepareStatement("select count(*) from \"flyway_schema_history\" where \"success\" = true and \"version\" = ?")) {
            st.setString(1, LATEST_MIGRATION);
            try (var rs = st.executeQuery()) {
                return rs.next() && rs.getInt(1) == 1;
            }
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

    @Override
    public void close() {
        pool.close();
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage();
    }
}
