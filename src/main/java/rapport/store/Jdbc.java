package rapport.store;

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

    static LocalDate date(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, LocalDate.class);
    }
}
