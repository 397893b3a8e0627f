package rapport.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import rapport.customer.Customer;
import rapport.feedback.ReplyEntry;

/** The replies queue: what waits for a personal answer, and marking one answered. Thread-safe. */
public final class ReplyStore {
    private static final Sql SQL = Sql.load("/rapport/store/feedback.sql");

    /** What marking a reply answered did. */
    public enum Answered { ANSWERED, ALREADY_ANSWERED, NO_SUCH_REPLY }

    private final Database db;

    public ReplyStore(Database db) {
        this.db = db;
    }

    /** Replies still waiting, newest first. */
    public List<ReplyEntry> waiting() {
        return read("replies-waiting");
    }

    /** Every reply, answered or not, newest first, at most {@code limit}. */
    public List<ReplyEntry> all(int limit) {
        return read("replies-all", limit);
    }

    /**
     * Marks a reply answered; the customer gets automated notes again once none of their replies
     * waits any more.
     */
    public Answered answer(long replyId, Instant at) {
        Answered[] result = {Answered.NO_SUCH_REPLY};
        Jdbc.transaction(db, "mark a reply answered", c -> {
            long customer;
            try (PreparedStatement st = c.prepareStatement(SQL.get("reply-by-id"))) {
                st.setLong(1, replyId);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) return;
                    customer = rs.getLong("customer_id");
                    if (rs.getObject("answered_at") != null) {
                        result[0] = Answered.ALREADY_ANSWERED;
                        return;
                    }
                }
            }
            try (PreparedStatement st = c.prepareStatement(SQL.get("answer"))) {
                Jdbc.bind(st, at, replyId);
                st.executeUpdate();
            }
            try (PreparedStatement st = c.prepareStatement(SQL.get("still-waiting"))) {
                st.setLong(1, customer);
                st.executeUpdate();
            }
            result[0] = Answered.ANSWERED;
        });
        return result[0];
    }

    private List<ReplyEntry> read(String statement, Object... params) {
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(SQL.get(statement))) {
            Jdbc.bind(st, params);
            List<ReplyEntry> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String name = Customer.fullName(rs.getString("first_name"), rs.getString("last_name"));
                    out.add(new ReplyEntry(rs.getLong("id"), rs.getLong("customer_id"), rs.getString("email"), name,
                            Jdbc.instant(rs, "received_at"), rs.getString("from_address"), rs.getString("subject"),
                            rs.getString("snippet"), Jdbc.instant(rs, "answered_at")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw CustomerStore.fault("read the replies", e);
        }
    }
}
