package rapport.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import rapport.delivery.DeliveryState;
import rapport.schedule.ServeLock;
import rapport.schedule.ServeLock.Holder;

/**
 * What the nodes of {@code serve} know of each other through the database: a run in progress for
 * the others to join, a run's progress per process, and the lock by which an embedded H2 file has
 * one {@code serve} at most. Thread-safe: every call borrows its own connection.
 */
public final class ClusterStore implements ServeLock.Records {
    private static final Sql SQL = Sql.load("/rapport/store/cluster.sql");

    private final Database db;

    public ClusterStore(Database db) {
        this.db = db;
    }

    /** The as-of of the newest run that a process beating since {@code staleBefore} plans or sends. */
    public Optional<Instant> runInProgress(Instant staleBefore) {
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(SQL.get("in-progress"))) {
            Jdbc.bind(st, staleBefore);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(Jdbc.instant(rs, "as_of")) : Optional.empty();
            }
        } catch (SQLException e) {
            throw CustomerStore.fault("look for a run in progress", e);
        }
    }

    /** A run's outcomes by the process that recorded them, each with its counts by state. */
    public Map<String, Map<DeliveryState, Integer>> byProcess(String runId) {
        Map<String, Map<DeliveryState, Integer>> out = new LinkedHashMap<>();
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(SQL.get("by-process"))) {
            st.setString(1, runId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), p -> new EnumMap<>(DeliveryState.class))
                            .put(DeliveryState.fromLabel(rs.getString(2)), rs.getInt(3));
                }
            }
            return out;
        } catch (SQLException e) {
            throw CustomerStore.fault("count deliveries by process", e);
        }
    }

    @Override
    public Optional<Holder> takeServeLock(Holder me, Predicate<Holder> alive) {
        for (int attempt = 0; attempt < 3; attempt++) {
            if (update("lock-insert", me.node(), me.host(), me.pid(), me.startedAt(), me.heartbeatAt()) == 1) return Optional.empty();
            Optional<Holder> holder = serveLockHolder();
            if (holder.isEmpty()) continue; // released since the insert failed
            if (alive.test(holder.get())) return holder;
            if (update("lock-take", me.node(), me.host(), me.pid(), me.startedAt(), me.heartbeatAt(), holder.get().node()) == 1) {
                return Optional.empty();
            }
        }
        return serveLockHolder();
    }

    @Override
    public boolean beatServeLock(String node, Instant now) {
        return update("lock-beat", now, node) == 1;
    }

    @Override
    public void releaseServeLock(String node) {
        update("lock-release", node);
    }

    private Optional<Holder> serveLockHolder() {
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(SQL.get("lock-holder"));
             ResultSet rs = st.executeQuery()) {
            if (!rs.next()) return Optional.empty();
            return Optional.of(new Holder(rs.getString("node"), rs.getString("host"), rs.getLong("pid"),
                    Jdbc.instant(rs, "started_at"), Jdbc.instant(rs, "heartbeat_at")));
        } catch (SQLException e) {
            throw CustomerStore.fault("read the serve lock", e);
        }
    }

    /** The rows changed; 0 when an insert met the row it would create. */
    private int update(String statement, Object... params) {
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(SQL.get(statement))) {
            Jdbc.bind(st, params);
            return st.executeUpdate();
        } catch (SQLException e) {
            if (statement.equals("lock-insert") && isDuplicateKey(e)) return 0;
            throw CustomerStore.fault("keep the serve lock", e);
        }
    }

    /** SQLState 23505, unique violation, in both H2 and PostgreSQL. */
    private static boolean isDuplicateKey(SQLException e) {
        return "23505".equals(e.getSQLState());
    }
}
