package rapport.schedule;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;

/**
 * Hands Quartz's job store connections from Rapport's own pool, so Quartz never opens a pool of
 * its own. Quartz finds providers by name in a process-wide registry that has no way to remove
 * one; {@link #shutdown()} therefore lets go of the pool (which the {@code Database} owns and
 * closes), and a stopped scheduler's entry holds nothing. Thread-safe.
 */
final class PoolConnections implements ConnectionProvider {
    private volatile DataSource pool;

    PoolConnections(DataSource pool) {
        this.pool = pool;
    }

    @Override
    public Connection getConnection() throws SQLException {
        DataSource current = pool;
        if (current == null) throw new SQLException("the scheduler is shut down");
        return current.getConnection();
    }

    @Override
    public void shutdown() {
        pool = null;
    }

    @Override
    public void initialize() {
        // The pool is open already.
    }
}
