package rapport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rapport.config.Environment;
import rapport.customer.Customer;
import rapport.customer.SendHistory;
import rapport.selection.Decision;
import rapport.selection.Policy;
import rapport.selection.Selector;

/** {@code rapport preview} on the sample workspace, through the real command line and database. */
class PreviewCommandTest {
    private static final String AS_OF = "2026-11-24";
    @TempDir static Path dir;
    static Path ws;

    @BeforeAll
    static void importSamples() throws Exception {
        ws = CliRun.sampleWorkspace(dir);
        CliRun.Result r = CliRun.run(ws, "import", ws.resolve("samples/customers.csv").toString());
        assertEquals(0, r.exit(), r.err());
    }

    private static JsonNode preview(String email, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("preview", email, "--as-of", AS_OF, "--json"));
        args.addAll(List.of(extra));
        CliRun.Result r = CliRun.run(ws, args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        return Json.MAPPER.readTree(r.out());
    }

    @Test
    void aNewCustomerIsWelcomedByNameWithEveryKeyTheContractNames() throws Exception {
        JsonNode p = preview("zoe.kaplan@example.com");
        assertEquals("zoe.kaplan@example.com", p.get("email").asText());
        assertTrue(p.get("due").asBoolean());
        assertEquals("welcome", p.get("template").asText());
        assertEquals("Welcome to Kosmima, Zoë", p.get("subject").asText());
        assertTrue(p.get("text").asText().contains("Hi Zoë,"));
        assertTrue(p.get("html").asText().contains("Hi Zoë,"));
        assertTrue(p.get("html").asText().contains("12 Boylston St, Chestnut Hill, MA 02467"));
        JsonNode candidates = p.get("candidates");
        assertEquals(19, candidates.size());
        for (JsonNode c : candidates) {
            assertTrue(c.has("template") && c.has("eligible") && c.has("reason"), c.toString());
            assertFalse(c.get("reason").asText().isEmpty());
        }
        assertEquals("welcome", candidates.get(0).get("template").asText());
    }

    @Test
    void aLineWithAMistakeIsAUsageErrorAndLeavesTheDatabaseUnlocked() throws Exception {
        // The preview starts opening the database before its line is parsed; a line that is then
        // refused must still close it, or the next command would find the file in use.
        CliRun.Result r = CliRun.run(ws, "preview", "zoe.kaplan@example.com", "--no-such-option");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("--no-such-option"), r.err());
        assertFalse(Files.exists(ws.resolve("data/rapport.lock.db")), "the database is left open");
        assertEquals("welcome", preview("zoe.kaplan@example.com").get("template").asText());
        assertFalse(Files.exists(ws.resolve("data/rapport.lock.db")), "the database is left open");
    }

    @Test
    void aBrokenConfigurationIsReportedByFileAndLineAsBefore(@TempDir Path other) throws Exception {
        Path broken = CliRun.sample().extra("smtp", "conections: 4").write(other);
        CliRun.Result r = CliRun.run(broken, "preview", "zoe.kaplan@example.com", "--as-of", AS_OF);
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().matches("rapport: config/rapport\\.yaml:\\d+: smtp\\.conections: unknown key; did you mean \"connections\"\\?\\n"), r.err());
        assertFalse(Files.exists(broken.resolve("data")), "nothing opened for a configuration that does not load");
    }

    @Test
    void aCustomerNotedYesterdayIsNotDueAndGetsNoTemplate() throws Exception {
        JsonNode p = preview("tomasz.nowak@example.com");
        assertFalse(p.get("due").asBoolean());
        assertTrue(p.get("template").isNull());
        assertTrue(p.get("subject").isNull());
        assertTrue(p.get("reason").asText().contains("waits 3 days"), p.get("reason").asText());
    }

    @Test
    void aLongSilentCustomerGetsADormantPiece() throws Exception {
        JsonNode p = preview("amara.diallo@example.com");
        assertEquals("dormant", p.get("effective_stage").asText());
        assertTrue(List.of("free-clasp-check", "the-card-in-the-drawer").contains(p.get("template").asText()), p.toString());
    }

    @Test
    void previewAgreesWithTheSelectorForEverySampleCustomer() throws Exception {
        try (Workspace w = Workspace.open(ws, Environment.variables(), Clock.systemUTC())) {
            Instant asOf = AsOf.resolve(AS_OF, w.config().schedule().timeZone());
            Selector selector = new Selector(Policy.from(w.config()), w.catalog().pieces(), w.lint(asOf).failures());
            List<Customer> all = new ArrayList<>();
            w.customers().forEachPage(null, 100, all::addAll);
            assertEquals(37, all.size());
            for (Customer c : all) {
                Decision d = selector.decide(c, SendHistory.EMPTY, asOf);
                JsonNode p = preview(c.email());
                assertEquals(d.due().due(), p.get("due").asBoolean(), c.email());
                assertEquals(d.chosen().orElse(null), p.get("template").isNull() ? null : p.get("template").asText(), c.email());
            }
        }
    }

    @Test
    void theEmlFormatIsTheWholeMessageAndMatchesTheJson() throws Exception {
        JsonNode json = preview("zoe.kaplan@example.com");
        CliRun.Result r = CliRun.run(ws, "preview", "zoe.kaplan@example.com", "--as-of", AS_OF, "--format", "eml");
        assertEquals(0, r.exit(), r.err());
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(r.out().getBytes(StandardCharsets.UTF_8)));
        assertEquals(json.get("subject").asText(), m.getSubject());
        assertEquals(json.get("message_id").asText(), m.getMessageID());
        assertTrue(m.getContentType().startsWith("multipart/alternative"));
        assertTrue(m.getHeader("List-Unsubscribe")[0].startsWith("<https://news.kosmima.example/u/"));
        assertEquals("List-Unsubscribe=One-Click", m.getHeader("List-Unsubscribe-Post")[0]);
        assertTrue(r.err().contains("Chosen: welcome"), "the explanation goes to stderr");
    }

    @Test
    void theHtmlFormatPrintsTheHtmlPartAndTheTextFormatExplains() {
        CliRun.Result html = CliRun.run(ws, "preview", "zoe.kaplan@example.com", "--as-of", AS_OF, "--format", "html");
        assertTrue(html.out().contains("<html") || html.out().contains("<table"), html.out());
        assertFalse(html.out().contains("Candidates:"));
        CliRun.Result text = CliRun.run(ws, "preview", "zoe.kaplan@example.com", "--as-of", AS_OF);
        assertTrue(text.out().contains("Due: yes — never contacted"));
        assertTrue(text.out().contains("Subject: Welcome to Kosmima, Zoë"));
        assertTrue(text.out().contains("lost to welcome"));
    }

    @Test
    void previewWritesNothing() throws Exception {
        byte[] before = Files.readAllBytes(ws.resolve("data/rapport.mv.db"));
        CliRun.run(ws, "preview", "zoe.kaplan@example.com", "--as-of", AS_OF, "--json");
        JsonNode shown = Json.MAPPER.readTree(CliRun.run(ws, "customers", "show", "zoe.kaplan@example.com", "--json").out());
        assertEquals(0, shown.get("events").size());
        assertTrue(shown.get("last_contact_at").isNull());
        assertFalse(Files.exists(ws.resolve("outbox")));
        assertEquals(before.length > 0, true);
    }

    @Test
    void anUnknownCustomerOrABadDateIsAUsageError() {
        CliRun.Result unknown = CliRun.run(ws, "preview", "nobody@example.com");
        assertEquals(2, unknown.exit());
        assertEquals("rapport: no customer with the email nobody@example.com\n", unknown.err());
        CliRun.Result date = CliRun.run(ws, "preview", "zoe.kaplan@example.com", "--as-of", "next tuesday");
        assertEquals(2, date.exit());
        assertTrue(date.err().startsWith("rapport: --as-of: \"next tuesday\" is not an ISO date"));
        assertFalse(Files.exists(ws.resolve("data/rapport.lock.db")), "a refused --as-of leaves the database closed");
    }

    @Test
    void aMissingValueIsAnErrorNeverHiComma(@TempDir Path other) throws Exception {
        Path w = CliRun.sampleWorkspace(other);
        Files.writeString(w.resolve("templates/welcome.ftlh"), Files.readString(w.resolve("templates/welcome.ftlh"))
                .replace("${customer.firstName!\"there\"}", "${customer.firstName}")
                .replace("${customer.firstName!'friend'}", "friend"));
        Files.writeString(w.resolve("nameless.csv"), "email,stage,joined_at\nnameless@example.com,new,2026-11-20\n");
        assertEquals(0, CliRun.run(w, "import", w.resolve("nameless.csv").toString()).exit());
        CliRun.Result r = CliRun.run(w, "preview", "nameless@example.com", "--as-of", AS_OF, "--json");
        assertEquals(2, r.exit(), r.out());
        JsonNode p = Json.MAPPER.readTree(r.out());
        assertNull(p.get("text").textValue());
        assertTrue(p.get("error").asText().matches("templates/welcome\\.ftlh:\\d+: customer\\.firstName is missing.*"), p.get("error").asText());
    }
}
