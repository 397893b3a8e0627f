package rapport.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import rapport.customer.Customer;
import rapport.customer.Status;
import rapport.delivery.CommittedSends;
import rapport.delivery.DeliveryState;
import rapport.delivery.Durability;
import rapport.delivery.JournaledSends;
import rapport.delivery.Ledger;
import rapport.delivery.RunState;

/** The delivery ledger in SQL. Thread-safe: every call borrows its own connection. */
public final class LedgerStore implements Ledger {
    private static final Sql SQL = Sql.load("/rapport/store/ledger.sql");
    /**
     * Claim candidates are locked as they are read on PostgreSQL, skipping rows another claim is
     * taking this moment, so nodes claiming at once take different rows instead of queueing on
     * the same first ones and coming away empty. Not on H2: there one process sends (a second
     * serve refuses to start), and a locking read gives up the index's order and reads the whole
     * run on every claim.
     */
    private static final String SKIP_LOCKED = " for update skip locked";

    private final Database db;
    private final String lockCandidates;

    public LedgerStore(Database db) {
        this.db = db;
        this.lockCandidates = db.postgres() ? SKIP_LOCKED : "";
    }

    @Override
    public Run openRun(String runId, Instant asOf, Instant now) {
        Optional<Run> existing = run(runId);
        if (existing.isPresent()) return existing.get();
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(SQL.get("insert-run"))) {
            st.setString(1, runId);
            Jdbc.setInstant(st, 2, asOf);
            Jdbc.setInstant(st, 3, now);
            st.executeUpdate();
        } catch (SQLException e) {
            // Another process opened the same run a moment ago: use theirs.
            if (run(runId).isEmpty()) throw CustomerStore.fault("open run " + runId, e);
        }
        return run(runId).orElseThrow();
    }

    @Override
    public Optional<Run> run(String runId) {
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(SQL.get("find-run"))) {
            st.setString(1, runId);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(new Run(rs.getString("id"), Jdbc.instant(rs, "as_of"), RunState.fromLabel(rs.getString("state")),
                        rs.getString("note"), rs.getLong("plan_cursor"), readCounts(rs.getString("not_due"))));
            }
        } catch (SQLException e) {
            throw CustomerStore.fault("read run " + runId, e);
        }
    }

    @Override
    public boolean takePlanning(String runId, String process, Instant staleBefore) {
        return update("take the planning lease", "take-planning", process, runId, process, staleBefore) == 1;
    }

    @Override
    public void writePlanned(String runId, String process, List<Planned> rows, long cursor, Map<String, Integer> notDue) {
        Jdbc.transaction(db, "plan deliveries", c -> {
            try (PreparedStatement st = c.prepareStatement(SQL.get("insert-delivery"))) {
                for (Planned row : rows) {
                    st.setString(1, runId);
                    st.setLong(2, row.customerId());
                    Jdbc.setText(st, 3, row.piece());
                    st.setString(4, (row.skipped() ? DeliveryState.SKIPPED : DeliveryState.PLANNED).label());
                    Jdbc.setText(st, 5, row.reason());
                    st.addBatch();
                }
                if (!rows.isEmpty()) st.executeBatch();
            }
            try (PreparedStatement st = c.prepareStatement(SQL.get("planning-page-done"))) {
                st.setLong(1, cursor);
                st.setString(2, writeCounts(notDue));
                st.setString(3, runId);
                st.setString(4, process);
                if (st.executeUpdate() != 1) throw new SQLException("the planning lease of run " + runId + " was lost");
            }
        });
    }

    @Override
    public void planningDone(String runId) {
        update("finish planning", "planning-done", runId);
    }

    @Override
    public void heartbeat(String process, String runId, Instant now) {
        if (update("beat", "heartbeat-update", now, runId, process) == 0) update("register a process", "heartbeat-insert", process, runId, now);
    }

    @Override
    public void processGone(String process) {
        update("unregister a process", "process-gone", process);
    }

    /**
     * One transaction that first locks the stale processes' rows: without it, a hand-back
     * waiting on row locks of a stalled process (its commit under way when it stopped) would land
     * after that process woke, beat and asked which rows are still its own, and it would send
     * rows the hand-back then gave to others.
     */
    @Override
    public int reclaimStale(String runId, Instant staleBefore) {
        return Jdbc.transactionWithOutcome(db, "reclaim stale claims", c -> {
            try (PreparedStatement st = c.prepareStatement(SQL.get("lock-stale-processes"))) {
                Jdbc.bind(st, staleBefore);
                try (ResultSet rs = st.executeQuery()) { while (rs.next()) { /* locked as read */ } }
            }
            try (PreparedStatement st = c.prepareStatement(SQL.get("reclaim-stale"))) {
                Jdbc.bind(st, runId, staleBefore);
                return st.executeUpdate();
            }
        });
    }

    @Override
    public List<Claim> claim(String runId, String process, String worker, int limit, Instant now) {
        Set<Long> taken = new HashSet<>();
        Jdbc.transaction(db, "claim deliveries", c -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement(SQL.get("claim-candidates") + lockCandidates)) {
                Jdbc.bind(st, runId, now, limit);
                try (ResultSet rs = st.executeQuery()) { while (rs.next()) ids.add(rs.getLong(1)); }
            }
            if (ids.size() < limit) {
                try (PreparedStatement st = c.prepareStatement(SQL.get("claim-candidates-planned") + lockCandidates)) {
                    Jdbc.bind(st, runId, limit - ids.size());
                    try (ResultSet rs = st.executeQuery()) { while (rs.next()) ids.add(rs.getLong(1)); }
                }
            }
            // One row at a time by the full key: an update with "customer_id in (...)" would read
            // every row of the run on H2 to find them.
            try (PreparedStatement st = c.prepareStatement(SQL.get("claim"))) {
                for (long id : ids) {
                    Jdbc.bind(st, process, worker, runId, id, now);
                    st.addBatch();
                }
                if (ids.isEmpty()) return;
                int[] counts = st.executeBatch();
                for (int i = 0; i < counts.length; i++) if (counts[i] != 0) taken.add(ids.get(i));
            }
        });
        if (taken.isEmpty()) return List.of();
        List<Claim> out = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(SQL.get("claimed"))) {
            st.setString(1, runId);
            st.setString(2, worker);
            try (ResultSet rs = st.executeQuery()) {
                // Only this call's rows: the worker's earlier ones may still wait for their outcomes.
                while (rs.next()) if (taken.contains(rs.getLong(1))) out.add(new Claim(rs.getLong(1), rs.getString(2), rs.getInt(3)));
            }
        } catch (SQLException e) {
            throw CustomerStore.fault("read claims", e);
        }
        return out;
    }

    @Override
    public Set<Long> held(String runId, String worker) {
        Set<Long> out = new HashSet<>();
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(SQL.get("claimed"))) {
            Jdbc.bind(st, runId, worker);
            try (ResultSet rs = st.executeQuery()) { while (rs.next()) out.add(rs.getLong(1)); }
            return out;
        } catch (SQLException e) {
            throw CustomerStore.fault("read claims", e);
        }
    }

    @Override
    public void release(String runId, String process) {
        update("release claims", "release", runId, process);
    }

    @Override
    public void record(String runId, String process, List<Outcome> outcomes) {
        if (outcomes.isEmpty()) return;
        Jdbc.transaction(db, "record deliveries", c -> new OutcomeWriter(c, SQL, runId, process).write(outcomes));
    }

    @Override
    public void record(String runId, List<Outcome> outcomes) {
        if (outcomes.isEmpty()) return;
        Jdbc.transaction(db, "record recovered deliveries", c -> new OutcomeWriter(c, SQL, runId, null).write(outcomes));
    }

    /**
     * How a "sent" of this database becomes durable before its worker sends again: noted in the
     * journals of an embedded file, or else waited for until the server commits it.
     */
    public Durability durability() {
        return db.journals().<Durability>map(journals -> new JournaledSends(this, journals)).orElseGet(() -> new CommittedSends(this));
    }

    @Override
    public Pending pending(String runId) {
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(SQL.get("pending"))) {
            Jdbc.bind(st, runId, runId, runId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return new Pending(rs.getLong(1), Optional.ofNullable(Jdbc.instant(rs, "next_retry")));
            }
        } catch (SQLException e) {
            throw CustomerStore.fault("read what is pending", e);
        }
    }

    @Override
    public Map<DeliveryState, Integer> counts(String runId) {
        Map<DeliveryState, Integer> out = new EnumMap<>(DeliveryState.class);
        grouped("counts", runId).forEach((state, n) -> out.put(DeliveryState.fromLabel(state), n));
        return out;
    }

    @Override
    public Map<String, Integer> skipReasons(String runId) {
        return grouped("skip-reasons", runId);
    }

    @Override
    public void pause(String runId, String note) {
        update("pause the run", "pause", note.length() > 500 ? note.substring(0, 500) : note, runId);
    }

    @Override
    public void resume(String runId) {
        update("resume the run", "resume", runId);
    }

    @Override
    public boolean finish(String runId, Instant now) {
        return update("finish the run", "finish", now, runId, runId) == 1;
    }

    @Override
    public Map<Long, Status> statuses(List<Long> ids) {
        Map<Long, Status> out = new HashMap<>();
        if (ids.isEmpty()) return out;
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(SQL.get("statuses", ids.size()))) {
            for (int i = 0; i < ids.size(); i++) st.setLong(i + 1, ids.get(i));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) out.put(rs.getLong(1), Status.fromLabel(rs.getString(2)));
            }
            return out;
        } catch (SQLException e) {
            throw CustomerStore.fault("re-check suppressions", e);
        }
    }

    @Override
    public Map<Long, Customer> customers(List<Long> ids) {
        Map<Long, Customer> out = new HashMap<>();
        if (ids.isEmpty()) return out;
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(SQL.get("by-ids", ids.size()))) {
            for (int i = 0; i < ids.size(); i++) st.setLong(i + 1, ids.get(i));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) out.put(rs.getLong("id"), CustomerStore.customer(rs));
            }
            return out;
        } catch (SQLException e) {
            throw CustomerStore.fault("load customers", e);
        }
    }

    private Map<String, Integer> grouped(String statement, String runId) {
        Map<String, Integer> out = new LinkedHashMap<>();
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(SQL.get(statement))) {
            st.setString(1, runId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), rs.getInt(2));
            }
            return out;
        } catch (SQLException e) {
            throw CustomerStore.fault("count deliveries", e);
        }
    }

    private int update(String what, String statement, Object... params) {
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(SQL.get(statement))) {
            Jdbc.bind(st, params);
            return st.executeUpdate();
        } catch (SQLException e) {
            throw CustomerStore.fault(what, e);
        }
    }

    /** Built on first use: every command opens the database, which loads this class, and most never need JSON. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private static Map<String, Integer> readCounts(String json) {
        if (json == null || json.isEmpty()) return new LinkedHashMap<>();
        try {
            return Json.MAPPER.readValue(json, new TypeReference<LinkedHashMap<String, Integer>>() {});
        } catch (JsonProcessingException e) {
            throw new StoreException("run counts are not valid JSON", e);
        }
    }

    private static String writeCounts(Map<String, Integer> counts) {
        try {
            return Json.MAPPER.writeValueAsString(counts);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("count maps always serialise", e);
        }
    }
}
