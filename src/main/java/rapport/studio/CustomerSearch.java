package rapport.studio;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * Finds customers by part of their email or name for the studio's search box, in
 * {@code rapport/studio/search.sql}. Reads only. Thread-safe: each search borrows a connection.
 */
public final class CustomerSearch {
    private static final String SQL = load();

    private final DataSource db;

    public CustomerSearch(DataSource db) {
        this.db = db;
    }

    /** At most {@code limit} customers whose email or name contains {@code words}, ignoring case. */
    public List<Desk.Match> find(String words, int limit) {
        String pattern = "%" + words.trim().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                .replace("_", "\\_") + "%";
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(SQL)) {
            st.setString(1, pattern);
            st.setString(2, pattern);
            st.setInt(3, limit);
            List<Desk.Match> found = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String name = Stream.of(rs.getString("first_name"), rs.getString("last_name"))
                            .filter(s -> s != null && !s.isBlank()).collect(Collectors.joining(" "));
                    found.add(new Desk.Match(rs.getString("email"), name, rs.getString("stage"), rs.getString("status")));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot search the customers: " + e.getMessage(), e);
        }
    }

    private static String load() {
        try (InputStream in = CustomerSearch.class.getResourceAsStream("/rapport/studio/search.sql")) {
            if (in == null) throw new IllegalStateException("rapport/studio/search.sql is missing from the product");
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.lines().filter(l -> !l.startsWith("--")).collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
