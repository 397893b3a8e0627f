package rapport.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import rapport.customer.Customer;
import rapport.customer.CustomerRepository;
import rapport.customer.EmailAddresses;
import rapport.customer.ImportedCustomer;
import rapport.customer.SendHistory;
import rapport.customer.Status;
import rapport.customer.TimelineEvent;

/** The customers and their timelines in SQL. Thread-safe: every call borrows its own connection. */
public final class CustomerStore implements CustomerRepository {
    private static final int KEYS_PER_QUERY = 1000;
    /** New customers in one write after which PostgreSQL's statistics are refreshed. */
    private static final int STATISTICS_AFTER = 10_000;
    private static final int COPY_BUFFER = 1 << 16;
    private static final Sql SQL = Sql.load("/rapport/store/customers.sql");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> ATTRIBUTES = new TypeReference<>() {};

    private final Database db;
    private final Clock clock;

    public CustomerStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public Map<String, Status> statusByKey(Collection<String> keys) {
        Map<String, Status> out = new HashMap<>();
        // Sorted, each slice reads a narrow range of the key index instead of pages all over it.
        List<String> all = keys.stream().sorted().toList();
        try (Connection c = db.connection()) {
            // In slices: one statement's parameters stay well inside every database's limit.
            for (int from = 0; from < all.size(); from += KEYS_PER_QUERY) {
                List<String> slice = all.subList(from, Math.min(all.size(), from + KEYS_PER_QUERY));
                try (PreparedStatement st = c.prepareStatement(SQL.get("status-by-key", slice.size()))) {
                    int i = 1;
                    for (String key : slice) st.setString(i++, key);
                    try (ResultSet rs = st.executeQuery()) {
                        while (rs.next()) out.put(rs.getString(1), Status.fromLabel(rs.getString(2)));
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw fault("look up customers", e);
        }
    }

    /**
     * Rows are written in the order of their email keys, so customers added by one import are
     * numbered (and listed, and sent to) in that order rather than the file's. A random key
     * order would put every new entry of the unique key index on a different page, and the
     * embedded database would write most of that index again every few thousand rows. Numbering
     * the rows in file order while writing them in key order would only move the same
     * randomness into the table, whose rows are wider than index entries (docs/BENCHMARKS.md).
     */
    @Override
    public void insert(List<ImportedCustomer> rows, String defaultStage, java.time.LocalDate joinedDefault) {
        Instant now = clock.instant();
        if (db.postgres()) {
            copyIn(rows, defaultStage, joinedDefault, now);
            return;
        }
        Jdbc.transaction(db, "add customers", c -> {
            try (PreparedStatement st = c.prepareStatement(SQL.get("insert"))) {
                for (int i : inKeyOrder(rows)) {
                    ImportedCustomer row = rows.get(i);
                    st.setString(1, row.emailKey());
                    st.setString(2, row.email());
                    Jdbc.setText(st, 3, row.firstName());
                    Jdbc.setText(st, 4, row.lastName());
                    st.setString(5, row.stage() == null ? defaultStage : row.stage());
                    Jdbc.setDate(st, 6, row.joinedAt() == null ? joinedDefault : row.joinedAt());
                    Jdbc.setInstant(st, 7, row.lastContactAt());
                    Jdbc.setText(st, 8, interests(row.interests()));
                    Jdbc.setText(st, 9, attributes(row.attributes()));
                    Jdbc.setInstant(st, 10, now);
                    st.addBatch();
                }
                st.executeBatch();
            }
        });
    }

    /**
     * PostgreSQL's bulk load: the rows go to the server as one CSV stream ({@code COPY}), in one
     * transaction and key order, with the values the insert statement would bind. Times are
     * written to the microsecond, the precision PostgreSQL keeps.
     */
    private void copyIn(List<ImportedCustomer> rows, String defaultStage, java.time.LocalDate joinedDefault, Instant now) {
        String updatedAt = micros(now);
        Jdbc.transaction(db, "add customers", c -> {
            try (PGCopyOutputStream stream = new PGCopyOutputStream(c.unwrap(PGConnection.class), SQL.get("copy-in"), COPY_BUFFER);
                 CSVPrinter out = new CSVPrinter(new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), COPY_BUFFER),
                         CSVFormat.POSTGRESQL_CSV)) {
                for (int i : inKeyOrder(rows)) {
                    ImportedCustomer row = rows.get(i);
                    out.printRecord(row.emailKey(), row.email(), row.firstName(), row.lastName(),
                            row.stage() == null ? defaultStage : row.stage(), "active",
                            (row.joinedAt() == null ? joinedDefault : row.joinedAt()).toString(),
                            row.lastContactAt() == null ? null : micros(row.lastContactAt()),
                            interests(row.interests()), attributes(row.attributes()), updatedAt);
                }
            } catch (IOException e) {
                // The server's refusal (a duplicate key, say) arrives as the cause of an I/O error.
                if (e.getCause() instanceof SQLException refused) throw refused;
                throw new SQLException(e.getMessage(), e);
            }
        });
        if (rows.size() >= STATISTICS_AFTER) {
            // PostgreSQL plans the next batch's key lookups from table statistics, which its
            // autovacuum refreshes only some time later: planned as if the table were still
            // small, each slice of keys scanned the whole table, and an import of a million rows
            // stalled after its second batch.
            Jdbc.transaction(db, "refresh the statistics of customers", c -> {
                try (var st = c.createStatement()) {
                    st.execute("analyze customers");
                }
            });
        }
    }

    private static String micros(Instant at) {
        return at.truncatedTo(java.time.temporal.ChronoUnit.MICROS).toString();
    }

    /** The positions of {@code rows} in the order of their email keys. */
    private static int[] inKeyOrder(List<ImportedCustomer> rows) {
        return java.util.stream.IntStream.range(0, rows.size()).boxed()
                .sorted(java.util.Comparator.comparing(i -> rows.get(i).emailKey()))
                .mapToInt(Integer::intValue).toArray();
    }

    /** Updates in key order, for the same reason as {@link #insert}. */
    @Override
    public void update(List<ImportedCustomer> rows) {
        Instant now = clock.instant();
        Jdbc.transaction(db, "update customers", c -> {
            try (PreparedStatement st = c.prepareStatement(SQL.get("update"))) {
                for (int i : inKeyOrder(rows)) {
                    ImportedCustomer row = rows.get(i);
                    st.setString(1, row.email());
                    Jdbc.setText(st, 2, row.firstName());
                    Jdbc.setText(st, 3, row.lastName());
                    Jdbc.setText(st, 4, row.stage());
                    Jdbc.setDate(st, 5, row.joinedAt());
                    Jdbc.setInstant(st, 6, row.lastContactAt());
                    Jdbc.setInstant(st, 7, row.lastContactAt());
                    Jdbc.setText(st, 8, interests(row.interests()));
                    Jdbc.setText(st, 9, attributes(row.attributes()));
                    Jdbc.setInstant(st, 10, now);
                    st.setString(11, row.emailKey());
                    st.addBatch();
                }
                st.executeBatch();
            }
        });
    }

    @Override
    public Optional<Customer> findByEmail(String email) {
        try (Connection c = db.connection();
             PreparedStatement st = c.prepareStatement(SQL.get("find-by-key"))) {
            st.setString(1, EmailAddresses.key(email));
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(customer(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw fault("find a customer", e);
        }
    }

    @Override
    public List<TimelineEvent> timeline(long customerId) {
        try (Connection c = db.connection();
             PreparedStatement st = c.prepareStatement(SQL.get("timeline"))) {
            st.setLong(1, customerId);
            List<TimelineEvent> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new TimelineEvent(rs.getString("type"), Jdbc.instant(rs, "at"),
                            rs.getString("piece"), rs.getString("detail"), rs.getString("run_id"), rs.getBoolean("machine"),
                            rs.getInt("pixel_fetches")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw fault("read a timeline", e);
        }
    }

    @Override
    public Map<Long, SendHistory> histories(List<Long> ids, Instant since) {
        Map<Long, Map<String, Instant>> pieces = new HashMap<>();
        Map<Long, List<Instant>> recent = new HashMap<>();
        if (ids.isEmpty()) return Map.of();
        try (Connection c = db.connection()) {
            try (PreparedStatement st = c.prepareStatement(SQL.get("piece-history", ids.size()))) {
                for (int i = 0; i < ids.size(); i++) st.setLong(i + 1, ids.get(i));
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        pieces.computeIfAbsent(rs.getLong(1), k -> new HashMap<>())
                                .put(rs.getString(2), Jdbc.instant(rs, "last_sent_at"));
                    }
                }
            }
            try (PreparedStatement st = c.prepareStatement(SQL.getValues("recent-notes", ids.size()))) {
                for (int i = 0; i < ids.size(); i++) st.setLong(i + 1, ids.get(i));
                Jdbc.setInstant(st, ids.size() + 1, since);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        if (!"sent".equals(rs.getString(3))) continue;
                        recent.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(Jdbc.instant(rs, "at"));
                    }
                }
            }
        } catch (SQLException e) {
            throw fault("read send history", e);
        }
        Map<Long, SendHistory> out = new HashMap<>();
        for (Long id : ids) {
            Map<String, Instant> p = pieces.get(id);
            List<Instant> r = recent.get(id);
            out.put(id, p == null && r == null ? SendHistory.EMPTY
                    : new SendHistory(p == null ? Map.of() : p, r == null ? List.of() : r));
        }
        return out;
    }

    @Override
    public void forEachPage(String stage, int pageSize, long start, Consumer<List<Customer>> consumer) {
        long after = start;
        while (true) {
            List<Customer> page = new ArrayList<>(pageSize);
            try (Connection c = db.connection();
                 PreparedStatement st = c.prepareStatement(SQL.get(stage == null ? "page" : "page-by-stage"))) {
                int i = 1;
                if (stage != null) st.setString(i++, stage);
                st.setLong(i++, after);
                st.setInt(i, pageSize);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) page.add(customer(rs));
                }
            } catch (SQLException e) {
                throw fault("read customers", e);
            }
            if (page.isEmpty()) return;
            consumer.accept(page);
            if (page.size() < pageSize) return;
            after = page.get(page.size() - 1).id();
        }
    }

    @Override
    public void forget(Customer customer) {
        Instant now = clock.instant();
        Jdbc.transaction(db, "forget a customer", c -> {
            try (PreparedStatement st = c.prepareStatement(SQL.get("forget"))) {
                Jdbc.setInstant(st, 1, now);
                st.setString(2, EmailAddresses.key(customer.email()));
                st.executeUpdate();
            }
            for (String statement : List.of("forget-events", "forget-feedback", "forget-history", "forget-rewards",
                    "forget-referrals", "forget-invited", "forget-invitations")) {
                try (PreparedStatement st = c.prepareStatement(SQL.get(statement))) {
                    for (int i = 1; i <= st.getParameterMetaData().getParameterCount(); i++) st.setLong(i, customer.id());
                    st.executeUpdate();
                }
            }
            try (PreparedStatement st = c.prepareStatement(SQL.get("forget-signups"))) {
                st.setString(1, EmailAddresses.key(customer.email()));
                st.executeUpdate();
            }
        });
    }

    static Customer customer(ResultSet rs) throws SQLException {
        String interests = rs.getString("interests");
        return new Customer(
                rs.getLong("id"),
                rs.getString("email"),
                rs.getString("first_name"),
                rs.getString("last_name"),
                rs.getString("stage"),
                Status.fromLabel(rs.getString("status")),
                Jdbc.date(rs, "joined_at"),
                Jdbc.instant(rs, "last_note_at"),
                Jdbc.instant(rs, "last_engaged_at"),
                rs.getString("last_kind"),
                rs.getBoolean("awaiting_reply"),
                interests == null || interests.isEmpty() ? List.of() : Arrays.asList(interests.split(";")),
                parseAttributes(rs.getString("attributes")),
                new Customer.Engagement(rs.getInt("notes"), rs.getInt("opens"), rs.getInt("clicks"), rs.getInt("replies")),
                rs.getBoolean("fewer_notes"),
                Jdbc.instant(rs, "dormant_since"),
                wishes(rs),
                circle(rs));
    }

    private static Customer.Circle circle(ResultSet rs) throws SQLException {
        int referrals = rs.getInt("referrals");
        String by = rs.getString("referred_by_name");
        return referrals == 0 && by == null ? Customer.Circle.NONE : new Customer.Circle(referrals, by);
    }

    private static Customer.Wishes wishes(ResultSet rs) throws SQLException {
        Instant paused = Jdbc.instant(rs, "paused_until");
        String declined = rs.getString("declined_pieces");
        boolean chosen = rs.getBoolean("interests_chosen");
        if (paused == null && (declined == null || declined.isEmpty()) && !chosen) return Customer.Wishes.NONE;
        return new Customer.Wishes(paused, declined == null || declined.isEmpty() ? Set.of() : Set.of(declined.split(";")), chosen);
    }

    private static String interests(List<String> interests) {
        return interests == null ? null : String.join(";", interests);
    }

    private static String attributes(Map<String, String> attributes) {
        if (attributes == null) return null;
        try {
            return JSON.writeValueAsString(attributes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("string maps always serialise", e);
        }
    }

    private static Map<String, String> parseAttributes(String json) {
        if (json == null || json.isEmpty()) return Map.of();
        try {
            return JSON.readValue(json, ATTRIBUTES);
        } catch (JsonProcessingException e) {
            throw new StoreException("customer attributes are not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    static StoreException fault(String what, SQLException e) {
        SQLException next = e.getNextException();
        String detail = e.getMessage() + (next != null ? " (" + next.getMessage() + ")" : "");
        return new StoreException("cannot " + what + ": " + detail, e);
    }
}
