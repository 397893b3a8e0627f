package rapport.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import rapport.delivery.DeliveryState;
import rapport.schedule.ServeLock;
import rapport.schedule.ServeLock.Holder;

/**
 * What the nodes of {@code serve} know of each other through the database: a run in progress for
 * the others to join, a run's progress per process (for {@code send} and {@code report}), and the lock by which an embedded H2 file has
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

    /**
     * A run's progress per node, as {@code report} shows it.
     *
     * @param nodes   each process that recorded an outcome or holds a claim, by name
     * @param waiting planned or due for a retry, held by no process yet
     */
    public record RunProgress(String runId, Instant asOf, String state, List<NodeProgress> nodes, int waiting) {
        public RunProgress {
            nodes = List.copyOf(nodes);
        }
    }

    /** What one process did in a run: {@code failed} counts bounces too, as {@code send --json} does. */
    public record NodeProgress(String process, int sent, int failed, int skipped, int claimed) {}

    /** The runs whose as-of lies in {@code [from, to)}, newest first, each with its progress per process. */
    public List<RunProgress> runs(Instant from, Instant to) {
        record Run(String id, Instant asOf, String state) {}
        Map<Run, Map<String, Map<DeliveryState, Integer>>> rows = new TreeMap<>(
                Comparator.comparing(Run::asOf).reversed().thenComparing(Run::id));
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(SQL.get("runs-by-process"))) {
            Jdbc.bind(st, from, to);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Run run = new Run(rs.getString(1), Jdbc.instant(rs, "as_of"), rs.getString(3));
                    String process = rs.getString(4);
                    rows.computeIfAbsent(run, r -> new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder())))
                            .computeIfAbsent(process, p -> new EnumMap<>(DeliveryState.class))
                            .merge(DeliveryState.fromLabel(rs.getString(5)), rs.getInt(6), Integer::sum);
                }
            }
        } catch (SQLException e) {
            throw CustomerStore.fault("count each run's deliveries by process", e);
        }
        List<RunProgress> out = new ArrayList<>();
        rows.forEach((run, byProcess) -> {
            List<NodeProgress> nodes = new ArrayList<>();
            int waiting = 0;
            for (Map.Entry<String, Map<DeliveryState, Integer>> e : byProcess.entrySet()) {
                Map<DeliveryState, Integer> n = e.getValue();
                if (e.getKey() == null) {
                    waiting += n.getOrDefault(DeliveryState.PLANNED, 0) + n.getOrDefault(DeliveryState.RETRY, 0);
                } else {
                    nodes.add(new NodeProgress(e.getKey(), n.getOrDefault(DeliveryState.SENT, 0),
                            n.getOrDefault(DeliveryState.FAILED, 0) + n.getOrDefault(DeliveryState.BOUNCED, 0),
                            n.getOrDefault(DeliveryState.SKIPPED, 0), n.getOrDefault(DeliveryState.CLAIMED, 0)));
                }
            }
            out.add(new RunProgress(run.id(), run.asOf(), run.state(), nodes, waiting));
        });
        return out;
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
