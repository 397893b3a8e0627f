package rapport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import rapport.config.RapportConfig;
import rapport.feedback.MessageRef;
import rapport.feedback.Signal;
import rapport.store.Database;
import rapport.store.FeedbackStore;

/**
 * A workspace with a season behind it, for the report: the sample customers imported, a send to
 * the outbox every Monday from September to late November (each send's stage pass moving people
 * up the ladder as they answer), and after each send what people did with their notes: opens,
 * clicks, replies and ratings, recorded through the feedback store as the tracking server would.
 * A few people asked to join the club. Nothing reads today's date.
 */
final class ReportWorkspace {
    /** The report's day: a Wednesday, after the last send. */
    static final String AS_OF = "2026-11-25";
    static final LocalDate FIRST_SEND = LocalDate.of(2026, 9, 7);
    static final int WEEKS = 12;

    private ReportWorkspace() {}

    static Path season(Path dir) throws Exception {
        Path ws = CliRun.sampleWorkspace(dir);
        assertEquals(0, CliRun.run(ws, "import", ws.resolve("samples/customers.csv").toString()).exit());
        String url = "jdbc:h2:file:" + ws.resolve("data/rapport") + ";AUTO_SERVER=TRUE";
        for (int week = 0; week < WEEKS; week++) {
            LocalDate monday = FIRST_SEND.plusWeeks(week);
            CliRun.Result sent = CliRun.run(ws, "send", "--as-of", monday.toString(), "--json");
            assertEquals(0, sent.exit(), sent.err());
            String run = Json.MAPPER.readTree(sent.out()).get("run_id").asText();
            Instant evening = monday.atTime(18, 0).toInstant(ZoneOffset.UTC);
            List<Long> people;
            try (Connection c = DriverManager.getConnection(url, "sa", "")) {
                people = recipients(c, run);
            }
            try (Database db = Database.open(new RapportConfig.Database(url, "sa", ""), 1)) {
                new FeedbackStore(db, Clock.fixed(evening, ZoneOffset.UTC)).record(answers(people, run, week, evening));
            }
        }
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            for (String day : List.of("2026-09-02", "2026-09-20", "2026-10-03", "2026-10-11", "2026-10-28", "2026-11-09", "2026-11-18")) {
                signup(c, day + "T15:00:00Z", day.endsWith("28") ? null : day + "T17:00:00Z");
            }
            // The dormancy pass's own words: one customer went quiet in October and came back in November.
            stage(c, "2026-10-14T12:00:00Z", "dormant: no engagement for 60 days (still friend)");
            stage(c, "2026-11-03T12:00:00Z", "back from dormant: engaged again (friend)");
        }
        return ws;
    }

    /** The report of the season as of {@link #AS_OF}, as its --json shows it, with the page written to {@code html}. */
    static JsonNode report(Path ws, Path html) throws Exception {
        CliRun.Result r = CliRun.run(ws, "report", "--json", "--as-of", AS_OF, "--out", html.toString());
        assertEquals(0, r.exit(), r.err());
        return Json.MAPPER.readTree(r.out());
    }

    /**
     * What people did with one run's notes: most opened them, fewer clicked, a few answered, and
     * some said whether it was useful; later weeks draw a little more than the first.
     */
    private static List<Signal> answers(List<Long> people, String run, int week, Instant at) {
        List<Signal> signals = new ArrayList<>();
        for (int i = 0; i < people.size(); i++) {
            MessageRef note = new MessageRef(people.get(i), run);
            Instant t = at.plusSeconds(60L * i);
            if ((i + week) % 3 != 2) signals.add(new Signal.Open(note, t, false, "Mozilla/5.0"));
            if ((i + week) % 4 == 0) signals.add(new Signal.Click(note, t.plusSeconds(20), "https://kosmima.example/care", false, "Mozilla/5.0"));
            if ((i + week) % 6 == 0) {
                signals.add(new Signal.Reply(note, t.plusSeconds(600), "<r" + week + "-" + i + "@example.com>", "someone@example.com",
                        "Re: your note", "Thank you, this helped."));
            }
            if ((i + week) % 5 == 0) signals.add(new Signal.Rating(note, t.plusSeconds(30), "useful", ""));
            if ((i + 2 * week) % 9 == 4) signals.add(new Signal.Rating(note, t.plusSeconds(30), "not-for-me", ""));
        }
        return signals;
    }

    private static List<Long> recipients(Connection c, String run) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("select customer_id from events where type = 'sent' and run_id = ? order by customer_id")) {
            st.setString(1, run);
            try (ResultSet rs = st.executeQuery()) {
                List<Long> ids = new ArrayList<>();
                while (rs.next()) ids.add(rs.getLong(1));
                return ids;
            }
        }
    }

    private static void stage(Connection c, String at, String detail) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("insert into events (customer_id, type, at, detail) "
                + "select min(id), 'stage', ?, ? from customers")) {
            st.setObject(1, OffsetDateTime.parse(at));
            st.setString(2, detail);
            st.executeUpdate();
        }
    }

    /** A signup as the join page leaves it; {@code confirmed} null while it waits. */
    private static void signup(Connection c, String created, String confirmed) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("insert into signups (email_key, email, consent, created_at, confirmed_at, dropped) "
                + "values (?, ?, ?, ?, ?, false)")) {
            st.setString(1, "key-" + created);
            st.setString(2, "friend-" + created.substring(0, 10) + "@example.com");
            st.setString(3, "Yes, send me notes from Pano at Kosmima.");
            st.setObject(4, OffsetDateTime.parse(created));
            st.setObject(5, confirmed == null ? null : OffsetDateTime.parse(confirmed));
            st.executeUpdate();
        }
    }
}
