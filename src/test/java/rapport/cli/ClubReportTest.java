package rapport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The club as the owner reads it: month by month in the report (people who asked to join,
 * confirmations, friends counted, rewards earned), and on a customer's page (the friends they
 * brought, who invited them, and the club's entries on their timeline). The rows are written
 * straight into the workspace's database, as the join page, the stage pass and the rewards would.
 * The sample workspace keeps its days in America/New_York.
 */
class ClubReportTest {
    private static final String ZOE = "zoe.kaplan@example.com";
    private static final String MARCUS = "marcus.bell@example.org";

    @TempDir Path dir;
    private Path ws;

    @BeforeEach
    void aClubThatGrewThroughTheAutumn() throws SQLException {
        ws = CliRun.sampleWorkspace(dir);
        assertEquals(0, CliRun.run(ws, "import", ws.resolve("samples/customers.csv").toString()).exit());
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + ws.resolve("data/rapport") + ";AUTO_SERVER=TRUE", "sa", "")) {
            long zoe = id(c, ZOE);
            long marcus = id(c, MARCUS);
            signup(c, "2025-11-20T15:00:00Z", "2025-11-21T09:00:00Z", false);
            signup(c, "2026-09-10T15:00:00Z", "2026-09-11T09:00:00Z", false);
            // Confirmed at ten at night in New York on the last day of September: a September confirmation.
            signup(c, "2026-09-30T12:00:00Z", "2026-10-01T02:00:00Z", false);
            signup(c, "2026-10-05T15:00:00Z", null, true);
            // Asked at eleven at night on the last day of October, still waiting.
            signup(c, "2026-11-01T03:00:00Z", null, false);
            signup(c, "2026-11-12T15:00:00Z", "2026-11-12T16:00:00Z", false);
            event(c, zoe, "signup", "2026-09-11T09:00:00Z", null, "consent given 2026-09-10T15:00:00Z from 203.0.113.9");
            event(c, zoe, "referral", "2026-10-20T15:00:00Z", null, "Marcus counted: 1 friend in all");
            event(c, zoe, "referral", "2026-11-05T15:00:00Z", null, "Priya counted: 2 friends in all");
            event(c, zoe, "referral", "2026-11-15T15:00:00Z", null, "Tomasz counted: 3 friends in all");
            event(c, zoe, "reward", "2026-11-16T15:00:00Z", "thank-you", "earned at 3 friends, waiting for the owner");
            reward(c, zoe, 1, "sent", "2026-10-20T15:00:00Z");
            reward(c, zoe, 3, "waiting", "2026-11-15T15:00:00Z");
            // A referral held for the owner is not a milestone reward.
            reward(c, zoe, null, "held", "2026-11-16T15:00:00Z");
            try (PreparedStatement st = c.prepareStatement("update customers set referrals = 3 where id = ?")) {
                st.setLong(1, zoe);
                st.executeUpdate();
            }
            try (PreparedStatement st = c.prepareStatement("update customers set referred_by = ?, referred_by_name = 'Zoë' where id = ?")) {
                st.setLong(1, zoe);
                st.setLong(2, marcus);
                st.executeUpdate();
            }
        }
    }

    @Test
    void theReportCountsTheClubMonthByMonthInTheShopsTimeZone() throws Exception {
        Path html = ws.resolve("reports/club.html");
        CliRun.Result r = CliRun.run(ws, "report", "--json", "--as-of", "2026-11-20", "--out", html.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode months = Json.MAPPER.readTree(r.out()).get("months");
        assertEquals(12, months.size(), "a year of months, quiet ones included");
        assertEquals("2025-12", months.get(0).get("month").asText(), "the year ends with the report's month");
        assertEquals(List.of("month", "signups", "confirmations", "referrals", "rewards"), keys(months.get(11)));
        assertEquals(Map.of("2026-09", List.of(2L, 2L, 0L, 0L), "2026-10", List.of(2L, 0L, 1L, 1L), "2026-11", List.of(1L, 1L, 2L, 1L)),
                busy(months), "New York's months; a dropped signup still counts as asked; a held referral earns no reward");

        String page = Files.readString(html);
        assertTrue(page.contains("<h2>The club by month</h2>"), page);
        assertTrue(page.contains("<tr><td>2026-11</td><td>1</td><td>1</td><td>2</td><td>1</td></tr>"), page);
        assertTrue(page.contains("<tr><td>2026-08</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>"), "a quiet month shows as one");

        String text = CliRun.run(ws, "report", "--as-of", "2026-11-20").out();
        assertTrue(text.contains("The club by month"), text);
        assertTrue(Pattern.compile("2026-10 +2 +0 +1 +1\n").matcher(text).find(), text);
        assertTrue(Pattern.compile("2026-11 +1 +1 +2 +1\n").matcher(text).find(), text);
        assertFalse(text.contains("2026-08"), "the text shows only the months that saw anything");

        JsonNode december = Json.MAPPER.readTree(CliRun.run(ws, "report", "--json", "--as-of", "2026-12-01").out()).get("months");
        assertEquals("2026-01", december.get(0).get("month").asText());
        assertEquals("2026-12", december.get(11).get("month").asText());
        assertEquals(List.of(0L, 0L, 0L, 0L), busy(december).getOrDefault("2026-12", List.of(0L, 0L, 0L, 0L)));
    }

    @Test
    void aCustomersPageShowsTheFriendsTheyBroughtWhoInvitedThemAndTheClubOnTheirTimeline() throws Exception {
        JsonNode zoe = Json.MAPPER.readTree(CliRun.run(ws, "customers", "show", ZOE, "--json").out());
        assertEquals(3, zoe.get("referrals").asInt());
        assertTrue(zoe.get("referred_by").isNull(), zoe.toString());
        List<String> types = StreamSupport.stream(zoe.get("events").spliterator(), false).map(e -> e.get("type").asText()).toList();
        assertEquals(List.of("signup", "referral", "referral", "referral", "reward"), types);

        JsonNode marcus = Json.MAPPER.readTree(CliRun.run(ws, "customers", "show", MARCUS, "--json").out());
        assertEquals(0, marcus.get("referrals").asInt());
        assertEquals("Zoë", marcus.get("referred_by").asText());

        String shown = CliRun.run(ws, "customers", "show", ZOE).out();
        assertTrue(shown.contains("Friends brought: 3\n"), shown);
        assertFalse(shown.contains("Invited by"), shown);
        assertTrue(shown.contains("signup      consent given 2026-09-10T15:00:00Z from 203.0.113.9"), shown);
        assertTrue(shown.contains("2026-11-05T15:00:00Z  referral    Priya counted: 2 friends in all"), shown);
        assertTrue(shown.contains("reward      thank-you earned at 3 friends, waiting for the owner"), shown);
        String invited = CliRun.run(ws, "customers", "show", MARCUS).out();
        assertTrue(invited.contains("Invited by: Zoë\n") && !invited.contains("Friends brought"), invited);
    }

    /** The months that saw anything: each one's signups, confirmations, referrals and rewards. */
    private static Map<String, List<Long>> busy(JsonNode months) {
        Map<String, List<Long>> busy = new java.util.TreeMap<>();
        for (JsonNode m : months) {
            List<Long> counts = List.of(m.get("signups").asLong(), m.get("confirmations").asLong(), m.get("referrals").asLong(),
                    m.get("rewards").asLong());
            if (counts.stream().anyMatch(n -> n > 0)) busy.put(m.get("month").asText(), counts);
        }
        return busy;
    }

    private static List<String> keys(JsonNode object) {
        List<String> keys = new ArrayList<>();
        object.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static long id(Connection c, String email) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("select id from customers where email = ?")) {
            st.setString(1, email);
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A signup as the join page leaves it: a dropped one keeps only when it was asked. */
    private static void signup(Connection c, String created, String confirmed, boolean dropped) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("insert into signups (email_key, email, consent, created_at, confirmed_at, dropped) "
                + "values (?, ?, ?, ?, ?, ?)")) {
            st.setString(1, dropped ? "" : "key-" + created);
            st.setString(2, dropped ? "" : "friend-" + created.substring(0, 10) + "@example.com");
            st.setString(3, dropped ? "" : "Yes, send me notes from Pano at Kosmima.");
            st.setObject(4, OffsetDateTime.parse(created));
            st.setObject(5, confirmed == null ? null : OffsetDateTime.parse(confirmed));
            st.setBoolean(6, dropped);
            st.executeUpdate();
        }
    }

    private static void event(Connection c, long customer, String type, String at, String piece, String detail) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("insert into events (customer_id, type, at, piece, detail) values (?, ?, ?, ?, ?)")) {
            st.setLong(1, customer);
            st.setString(2, type);
            st.setObject(3, OffsetDateTime.parse(at));
            st.setString(4, piece);
            st.setString(5, detail);
            st.executeUpdate();
        }
    }

    private static void reward(Connection c, long customer, Integer milestone, String state, String created) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("insert into rewards (customer_id, at, piece, state, created_at) values (?, ?, ?, ?, ?)")) {
            st.setLong(1, customer);
            st.setObject(2, milestone);
            st.setString(3, milestone == null ? null : "thank-you");
            st.setString(4, state);
            st.setObject(5, OffsetDateTime.parse(created));
            st.executeUpdate();
        }
    }
}
