package rapport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rapport.config.ConfigLoader;

/**
 * What people said about a piece, kept in {@code note_feedback}, reaches {@code preview} (each
 * candidate's learned term and its evidence) and {@code report} (each piece's ratings, learned
 * value and band), through the real command line and database.
 */
class LearnedValueCommandsTest {
    private static final String AS_OF = "2026-11-24";
    private static final String ZOE = "zoe.kaplan@example.com";

    @TempDir Path dir;

    /** Fifteen of the new customers' welcome notes rated "not for me", none "useful"; one unrated click on first-weeks. */
    private static void rate(Path ws) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + ws.resolve("data/rapport") + ";AUTO_SERVER=TRUE",
                "sa", "")) {
            long zoe;
            try (PreparedStatement st = c.prepareStatement("select id from customers where email = ?")) {
                st.setString(1, ZOE);
                try (ResultSet rs = st.executeQuery()) {
                    assertTrue(rs.next());
                    zoe = rs.getLong(1);
                }
            }
            try (PreparedStatement st = c.prepareStatement("insert into note_feedback (run_id, customer_id, piece, stage, rating, "
                    + "engaged, left_after) values (?, ?, ?, 'new', ?, ?, false)")) {
                for (int i = 0; i < 16; i++) {
                    st.setString(1, "earlier-run-" + i);
                    st.setLong(2, zoe);
                    st.setString(3, i < 15 ? "welcome" : "first-weeks");
                    st.setString(4, i < 15 ? "not-for-me" : null);
                    st.setBoolean(5, i == 15);
                    st.addBatch();
                }
                st.executeBatch();
            }
        }
    }

    private static JsonNode json(Path ws, String... args) throws Exception {
        CliRun.Result r = CliRun.run(ws, args);
        assertEquals(0, r.exit(), r.err());
        return Json.MAPPER.readTree(r.out());
    }

    private static JsonNode candidate(JsonNode preview, String piece) {
        for (JsonNode c : preview.get("candidates")) if (c.get("template").asText().equals(piece)) return c;
        throw new AssertionError("no candidate " + piece + " in " + preview);
    }

    @Test
    void previewAndReportCarryTheLearnedValueOfEachPiece() throws Exception {
        Path ws = CliRun.sampleWorkspace(dir);
        assertEquals(0, CliRun.run(ws, "import", ws.resolve("samples/customers.csv").toString()).exit());
        rate(ws);

        JsonNode preview = json(ws, "preview", ZOE, "--as-of", AS_OF, "--json");
        JsonNode welcome = candidate(preview, "welcome");
        assertTrue(welcome.get("learned").asInt() <= -6, welcome.toString());
        assertEquals(welcome.get("score").asInt(), 100 + welcome.get("learned").asInt(), welcome.toString());
        assertTrue(welcome.get("evidence").asText().startsWith("useful to 0 of 15 who rated it (stage new); "),
                welcome.toString());
        assertTrue(welcome.get("reason").asText().contains("- learned " + -welcome.get("learned").asInt()), welcome.toString());
        JsonNode firstWeeks = candidate(preview, "first-weeks");
        assertTrue(firstWeeks.get("learned").asInt() > 0, firstWeeks.toString());
        assertTrue(firstWeeks.get("evidence").asText().startsWith("no ratings (stage new); 1 clicked or replied"),
                firstWeeks.toString());
        JsonNode untried = candidate(preview, "choosing-a-stone");
        assertEquals(0, untried.get("learned").asInt());
        assertEquals("no ratings or clicks yet: 0", untried.get("evidence").asText());
        String text = CliRun.run(ws, "preview", ZOE, "--as-of", AS_OF).out();
        assertTrue(text.contains("learned value: useful to 0 of 15 who rated it (stage new)"), text);

        JsonNode sent = json(ws, "send", "--as-of", AS_OF, "--json");
        assertTrue(sent.get("sent").asInt() > 0);
        JsonNode report = json(ws, "report", "--json");
        JsonNode line = null;
        for (JsonNode p : report.get("pieces")) if (p.get("template").asText().equals("welcome")) line = p;
        assertTrue(line != null, report.toString());
        assertEquals(0, line.get("useful").asInt());
        assertEquals(15, line.get("not_for_me").asInt());
        assertTrue(line.get("learned").asInt() < 0, line.toString());
        assertTrue(line.get("learned_low").asInt() <= line.get("learned").asInt()
                && line.get("learned").asInt() <= line.get("learned_high").asInt(), line.toString());
        assertTrue(line.get("retire").asBoolean(), line.toString());
        for (String key : new String[] {"sent", "opened", "clicked", "replied", "open_rate"}) assertTrue(line.has(key), key);
        assertTrue(CliRun.run(ws, "report").out().contains("consider retiring"));
    }

    @Test
    void withLearningOffPreviewShowsNoLearnedTermAndTheScoreIsThePriority() throws Exception {
        Path ws = CliRun.sampleWorkspace(dir);
        Files.writeString(ws.resolve(ConfigLoader.FILE), "feedback:\n  learning: false\n", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        assertEquals(0, CliRun.run(ws, "import", ws.resolve("samples/customers.csv").toString()).exit());
        rate(ws);
        JsonNode welcome = candidate(json(ws, "preview", ZOE, "--as-of", AS_OF, "--json"), "welcome");
        assertEquals(0, welcome.get("learned").asInt());
        assertEquals(100, welcome.get("score").asInt());
        assertEquals("learning is off (feedback.learning: false)", welcome.get("evidence").asText());
        assertFalse(welcome.get("reason").asText().contains("learned"));
    }
}
