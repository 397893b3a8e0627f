package rapport.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Small, portable conversions between Java time values and JDBC. Stateless. */
final class Jdbc {
    private Jdbc() {}

    static void setInstant(PreparedStatement st, int index, Instant value) throws SQLException {
        if (value == null) st.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        else st.setObject(index, value.atOffset(ZoneOffset.UTC));
    }

    static void setDate(PreparedStatement st, int index, LocalDate value) throws SQLException {
        if (value == null) st.setNull(index, Types.DATE);
        else st.setObject(index, value);
    }

    static void setText(PreparedStatement st, int index, String value) throws SQLException {
        if (value == null) st.setNull(index, Types.VARCHAR);
        else st.setString(index, value);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** Binds each parameter by its type; an {@link Instant} as a UTC timestamp, null as a null string. */
    static void bind(PreparedStatement st, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p instanceof Instant instant) setInstant(st, i + 1, instant);
            else if (p == null) st.setNull(i + 1, Types.VARCHAR);
            else st.setObject(i + 1, p);
        }
    }

    /** Work that must land whole or not at all. */
    interface Work {
        void run(Connection c) throws SQLException;
    }

    /** Work that must land whole or not at all, and what it found out on the way. */
    interface Outcome<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} in one transaction on a connection of its own; {@code what} names it in errors. */
    static void transaction(Database db, String what, Work work) {
        transactionWithOutcome(db, what, c -> {
            work.run(c);
            return null;
        });
    }

    /** As {@link #transaction}, and returns what the work found out, once committed. */
    static <T> T transactionWithOutcome(Database db, String what, Outcome<T> work) {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                T outcome = work.run(c);
                c.commit();
                return outcome;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    // The first failure is the one worth reporting; the connection is discarded anyway.
                    e.addSuppressed(rollback);
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw CustomerStore.fault(what, e);
        }
    }

    static LocalDate date(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, LocalDate.class);
    }
}
