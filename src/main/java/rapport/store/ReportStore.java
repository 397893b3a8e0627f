package rapport.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
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
     * One day's count of one kind of thing, on the calendar of the report's time zone. From the
     * timeline ({@link #days}), by people only: {@code sent}, {@code open}, {@code click},
     * {@code reply}, {@code rating} ({@code verdict} {@code useful} or {@code not-for-me}),
     * {@code referral} (a friend counted for an inviter) and {@code stage} ({@code verdict} the
     * stage a customer reached, {@code dormant} or {@code woke}). From the club ({@link #club}):
     * {@code signup-asked}, {@code signup-confirmed} and {@code reward-earned}.
     */
    public record Day(LocalDate day, String type, String verdict, long count) {}

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

    /** What happened on the timelines each day from {@code since} on, by the calendar of {@code zone}. */
    public List<Day> days(Instant since, ZoneId zone) {
        return days("by-day", since, zone, 1);
    }

    /** How the club grew each day from {@code since} on, by the calendar of {@code zone}. */
    public List<Day> club(Instant since, ZoneId zone) {
        return days("club-by-day", since, zone, 3);
    }

    /** Runs a query of days whose {@code sources} each take the time zone, then the first moment. */
    private List<Day> days(String name, Instant since, ZoneId zone, int sources) {
        String zoneName = zoneName(zone);
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(SQL.get(name))) {
            for (int i = 0; i < sources; i++) {
                st.setString(2 * i + 1, zoneName);
                Jdbc.setInstant(st, 2 * i + 2, since);
            }
            try (ResultSet rs = st.executeQuery()) {
                List<Day> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Day(LocalDate.of(rs.getInt("y"), rs.getInt("m"), rs.getInt("d")), rs.getString("type"),
                            rs.getString("verdict"), rs.getLong("n")));
                }
                return out;
            }
        } catch (SQLException e) {
            throw CustomerStore.fault("read the report's days", e);
        }
    }

    /**
     * The zone as both databases read it in {@code at time zone}. A region keeps its id; a fixed
     * offset becomes the tz database's own name for it, because PostgreSQL would read "+02:00" the
     * POSIX way, west of Greenwich, where H2 reads it east.
     */
    static String zoneName(ZoneId zone) {
        if (!(zone.normalized() instanceof ZoneOffset offset)) return zone.getId();
        int seconds = offset.getTotalSeconds();
        if (seconds == 0) return "UTC";
        if (seconds % 3600 != 0) {
            throw new StoreException("the report reads days by schedule.time_zone, which must be a region (such as "
                    + "Asia/Kolkata) or whole hours from UTC, not " + zone, null);
        }
        // The tz database's Etc zones count the other way round: Etc/GMT-2 is two hours east.
        return "Etc/GMT" + (seconds > 0 ? "-" : "+") + Math.abs(seconds / 3600);
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
