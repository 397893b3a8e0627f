package rapport.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The figures of the relationship report, read in a handful of aggregate queries. Thread-safe. */
public final class ReportStore {
    private static final Sql SQL = Sql.load("/rapport/store/report.sql");

    /** The customers at one stage with one status, and how many of them are dormant. */
    public record People(String stage, String status, long people, long dormant) {}

    /**
     * What became of the notes of one piece: how many went out (bounces included), bounced, and
     * were opened, clicked or answered by a person at least once.
     */
    public record Piece(String piece, long sent, long bounced, long opened, long clicked, long replied) {}

    /**
     * One day's count of one kind of event: {@code type} {@code sent}, {@code open}, {@code click},
     * {@code reply} or {@code rating} ({@code verdict} {@code useful} or {@code not-for-me}), by
     * people only.
     */
    public record Day(java.time.LocalDate day, String type, String verdict, long count) {}

    /** Replies received from customers still on file, and those still waiting for an answer. */
    public record Replies(long total, long waiting) {}

    private final Database db;

    public ReportStore(Database db) {
        this.db = db;
    }

    /** Everyone on file, counted by stage and status ({@code active}, {@code unsubscribed}, ...). */
    public List<People> people() {
        return query("people", rs -> new People(rs.getString("stage"), rs.getString("status"), rs.getLong("people"),
                rs.getLong("dormant")));
    }

    public List<Piece> pieces() {
        return query("by-piece", rs -> new Piece(rs.getString("piece"), rs.getLong("sent"), rs.getLong("bounced"),
                rs.getLong("opened"), rs.getLong("clicked"), rs.getLong("replied")));
    }

    /** What happened each day from {@code since} on (calendar days of the database session). */
    public List<Day> days(java.time.Instant since) {
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(SQL.get("by-day"))) {
            Jdbc.setInstant(st, 1, since);
            try (ResultSet rs = st.executeQuery()) {
                List<Day> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Day(rs.getObject("on_day", java.time.LocalDate.class), rs.getString("type"), rs.getString("verdict"),
                            rs.getLong("n")));
                }
                return out;
            }
        } catch (SQLException e) {
            throw CustomerStore.fault("read the report's weeks", e);
        }
    }

    public Replies replies() {
        return query("replies", rs -> new Replies(rs.getLong("total"), rs.getLong("waiting"))).get(0);
    }

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String name, Row<T> row) {
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(SQL.get(name));
             ResultSet rs = st.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) out.add(row.read(rs));
            return out;
        } catch (SQLException e) {
            throw CustomerStore.fault("read the report", e);
        }
    }
}
