package rapport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rapport.config.RapportConfig;
import rapport.feedback.MessageRef;
import rapport.feedback.Signal;
import rapport.store.CustomerStore;
import rapport.store.Database;
import rapport.store.FeedbackStore;

/** The command line as a user meets it: help, exit codes, one clear line for a mistake, JSON keys. */
class CommandsTest {
    @TempDir Path dir;

    @Test
    void helpListsEveryCommandOfTheContract() {
        CliRun.Result r = CliRun.run(null, "--help");
        assertEquals(0, r.exit());
        for (String command : List.of("import", "customers", "templates", "preview", "send", "serve", "poll", "replies", "report")) {
            assertTrue(r.out().contains("  " + command + " "), command);
        }
        assertEquals(0, CliRun.run(null, "customers", "show", "--help").exit());
    }

    @Test
    void aMistypedCommandIsNamedAndExitsTwo() {
        // Only the named command is registered on a cold start: a word that names none still gets the usage error.
        CliRun.Result r = CliRun.run(null, "previw", "ana@example.com");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("previw"), r.err());
        assertEquals(0, CliRun.run(null, "--workspace", dir.toString(), "preview", "--help").exit());
    }

    @Test
    void theReportCountsWhatPeopleDidWithEachNoteAndLeavesMachinesOut() throws Exception {
        Path ws = CliRun.sampleWorkspace(dir);
        assertEquals(0, CliRun.run(ws, "import", ws.resolve("samples/customers.csv").toString()).exit());
        CliRun.Result before = CliRun.run(ws, "report");
        assertEquals(0, before.exit(), before.err());
        assertTrue(before.out().contains("No notes sent yet."), before.out());

        JsonNode sent = Json.MAPPER.readTree(CliRun.run(ws, "send", "--as-of", "2026-11-24", "--json").out());
        String run = sent.get("run_id").asText();
        String opener = "zoe.kaplan@example.com";
        String piece;
        // What came back: a person opened, clicked and answered one note; a proxy opened another; one person unsubscribed.
        try (Database db = Database.open(new RapportConfig.Database("jdbc:h2:file:" + ws.resolve("data/rapport") + ";AUTO_SERVER=TRUE",
                "sa", ""), 1)) {
            CustomerStore customers = new CustomerStore(db, Clock.systemUTC());
            MessageRef zoe = new MessageRef(customers.findByEmail(opener).orElseThrow().id(), run);
            MessageRef marcus = new MessageRef(customers.findByEmail("marcus.bell@example.org").orElseThrow().id(), run);
            piece = customers.timeline(zoe.customerId()).stream().filter(e -> e.type().equals("sent")).findFirst().orElseThrow().piece();
            Instant later = Instant.parse("2026-11-24T18:00:00Z");
            new FeedbackStore(db, Clock.systemUTC()).record(List.of(
                    new Signal.Open(zoe, later, false, "Mozilla/5.0"), new Signal.Open(zoe, later.plusSeconds(60), false, "Mozilla/5.0"),
                    new Signal.Click(zoe, later.plusSeconds(90), "https://kosmima.example/care", false, "Mozilla/5.0"),
                    new Signal.Reply(zoe, later.plusSeconds(600), "<r1@example.com>", opener, "Re: rings", "Thank you!"),
                    new Signal.Open(marcus, later, true, "GoogleImageProxy"),
                    new Signal.Unsubscribe(marcus, later, "one-click")));
        }

        Path html = ws.resolve("reports/november.html");
        CliRun.Result r = CliRun.run(ws, "report", "--json", "--out", html.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode report = Json.MAPPER.readTree(r.out());
        long notes = 0;
        JsonNode line = null;
        for (JsonNode p : report.get("pieces")) {
            notes += p.get("sent").asLong();
            if (p.get("template").asText().equals(piece)) line = p;
        }
        assertEquals(sent.get("sent").asLong(), notes, "every note sent is counted under its piece");
        assertEquals(1, line.get("opened").asLong(), "one person opened it, twice; the proxy's open is not a person's");
        assertEquals(1, line.get("clicked").asLong());
        assertEquals(1, line.get("replied").asLong());
        assertEquals(1, report.get("replies").get("waiting").asLong());
        assertEquals(1, report.get("statuses").get("unsubscribed").asLong());
        assertEquals(List.of("new", "acquaintance", "friend", "partner"),
                java.util.stream.StreamSupport.stream(report.get("funnel").spliterator(), false).map(s -> s.get("stage").asText()).toList()
                        .subList(0, 4));
        long kinds = 0;
        for (JsonNode k : report.get("kinds")) kinds += k.get("sent").asLong();
        assertEquals(notes, kinds, "the kinds add up to the pieces");
        String page = Files.readString(html);
        assertTrue(page.startsWith("<!DOCTYPE html>") && page.contains("<td>" + piece + "</td>"), page);

        CliRun.Result text = CliRun.run(ws, "report");
        assertTrue(text.out().contains("Engagement by piece") && text.out().contains("1 in all, 1 waiting"), text.out());

        // Week by week, as of a day: the run's week holds every note and what people did with them.
        JsonNode weeks = Json.MAPPER.readTree(CliRun.run(ws, "report", "--as-of", "2026-12-01", "--json").out()).get("weeks");
        assertEquals(26, weeks.size(), "half a year of weeks, quiet ones included");
        JsonNode runWeek = weeks.get(24);
        assertEquals("2026-11-23", runWeek.get("week").asText());
        assertEquals(sent.get("sent").asLong(), runWeek.get("sent").asLong());
        assertEquals(1, runWeek.get("opened").asLong(), "a person's open; never the proxy's");
        assertEquals(1, runWeek.get("clicked").asLong());
        assertEquals(1, runWeek.get("replied").asLong());
        assertEquals(0, weeks.get(25).get("sent").asLong());
        assertTrue(CliRun.run(ws, "report", "--as-of", "2026-12-01").out().contains("Week by week"));

        // Her timeline shows the note opened once, and how often its pixel was fetched.
        JsonNode zoe = Json.MAPPER.readTree(CliRun.run(ws, "customers", "show", opener, "--json").out());
        List<JsonNode> opens = java.util.stream.StreamSupport.stream(zoe.get("events").spliterator(), false)
                .filter(e -> e.get("type").asText().equals("open")).toList();
        assertEquals(1, opens.size(), zoe.toString());
        assertEquals(2, opens.get(0).get("fetches").asInt());
        assertEquals(1, zoe.get("engagement").get("opens").asInt());
        String shown = CliRun.run(ws, "customers", "show", opener).out();
        assertTrue(shown.contains("human opens 1,") && shown.contains("(pixel fetched 2 times in all)"), shown);
        CliRun.Result unwritable = CliRun.run(ws, "report", "--out", ws.resolve("samples/customers.csv/report.html").toString());
        assertEquals(2, unwritable.exit());
        assertTrue(unwritable.err().startsWith("rapport: cannot write the report to "), unwritable.err());
        assertEquals(1, unwritable.err().strip().lines().count(), unwritable.err());
    }

    @Test
    void pollWithoutAMailboxSaysHowToAddOneWithExitTwo() throws Exception {
        Path ws = CliRun.sampleWorkspace(dir);
        CliRun.Result r = CliRun.run(ws, "poll");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("rapport: no mailbox to read: add an imap section to "), r.err());
    }

    @Test
    void aMailboxThatCannotBeReachedIsOneLineWithExitOne() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Path ws = CliRun.sample().imap("127.0.0.1", closed, "replies@kosmima.example", "").imapTimeoutSeconds(2).write(dir);
        CliRun.Result r = CliRun.run(ws, "poll");
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("rapport: ") && r.err().contains("127.0.0.1:" + closed), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line, no stack trace: " + r.err());
    }

    @Test
    void serveOnAnAddressInUseIsOneLineWithExitOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            Path ws = CliRun.sample().trackingListen("127.0.0.1:" + taken.getLocalPort()).write(dir);
            CliRun.Result r = CliRun.run(ws, "serve");
            assertEquals(1, r.exit());
            assertTrue(r.err().startsWith("rapport: cannot listen on 127.0.0.1:" + taken.getLocalPort()), r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line, no stack trace: " + r.err());
        }
    }

    @Test
    void repliesOnAFreshWorkspaceSayNobodyWaits() throws Exception {
        Path ws = CliRun.sampleWorkspace(dir);
        CliRun.Result r = CliRun.run(ws, "replies");
        assertEquals(0, r.exit(), r.err());
        assertEquals("Nobody is waiting for an answer.\n", r.out());
        assertEquals(2, CliRun.run(ws, "replies", "answered", "7").exit());
    }

    @Test
    void aConfigurationMistakeIsOneLineNamingFileLineAndKeyWithExitTwo() throws Exception {
        Path ws = CliRun.sample().extra("smtp", "conections: 4").write(dir);
        CliRun.Result r = CliRun.run(ws, "templates", "list");
        assertEquals(2, r.exit());
        assertTrue(r.err().matches("rapport: config/rapport\\.yaml:\\d+: smtp\\.conections: unknown key; did you mean \"connections\"\\?\\n"), r.err());
    }

    @Test
    void importReportsCountsAndRejectedRowsAsJson() throws Exception {
        Path ws = CliRun.sampleWorkspace(dir);
        Files.writeString(ws.resolve("people.csv"), "email,stage\nok@example.com,friend\nbad,friend\nx@example.com,vip\n");
        CliRun.Result r = CliRun.run(ws, "import", ws.resolve("people.csv").toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode json = Json.MAPPER.readTree(r.out());
        assertEquals(1, json.get("imported").asInt());
        assertEquals(0, json.get("updated").asInt());
        assertEquals(3, json.get("rejected").get(0).get("line").asInt());
        assertEquals("invalid email \"bad\"", json.get("rejected").get(0).get("reason").asText());
        assertEquals(4, json.get("rejected").get(1).get("line").asInt());
        CliRun.Result again = CliRun.run(ws, "import", ws.resolve("people.csv").toString(), "--dry-run");
        assertTrue(again.out().startsWith("people.csv: would import 0, would update 1, rejected 2"), again.out());
        assertEquals(2, CliRun.run(ws, "import", ws.resolve("missing.csv").toString()).exit());
    }

    @Test
    void aLargeImportLeavesACompactDatabaseThatOpensAgainWithEveryRow() throws Exception {
        Path ws = CliRun.sampleWorkspace(dir);
        StringBuilder csv = new StringBuilder("email,first_name,stage\n");
        for (int i = 1; i <= 12_000; i++) csv.append("p").append(i).append("@example.com,P").append(i).append(",friend\n");
        Files.writeString(ws.resolve("many.csv"), csv);
        for (String expected : List.of("imported 12000, updated 0", "imported 0, updated 12000")) {
            CliRun.Result r = CliRun.run(ws, "import", ws.resolve("many.csv").toString());
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().contains(expected), r.out());
        }
        CliRun.Result last = CliRun.run(ws, "customers", "show", "p12000@example.com", "--json");
        assertEquals(0, last.exit(), last.err());
        assertEquals("friend", Json.MAPPER.readTree(last.out()).get("stage").asText());
        try (var files = Files.list(ws.resolve("data"))) {
            List<String> names = files.map(f -> f.getFileName().toString()).sorted().toList();
            assertFalse(names.contains("rapport.trace.db"), "H2 logged an error of its own: " + names);
        }
        assertTrue(Files.size(ws.resolve("data/rapport.mv.db")) < 12_000_000, "compacted: " + Files.size(ws.resolve("data/rapport.mv.db")));
    }

    @Test
    void customersListAndShowTellWhoIsWhere() throws Exception {
        Path ws = CliRun.sampleWorkspace(dir);
        CliRun.run(ws, "import", ws.resolve("samples/customers.csv").toString());
        JsonNode partners = Json.MAPPER.readTree(CliRun.run(ws, "customers", "list", "--stage", "partner", "--json").out());
        assertTrue(partners.size() >= 4);
        partners.forEach(p -> assertEquals("partner", p.get("stage").asText()));
        JsonNode shown = Json.MAPPER.readTree(CliRun.run(ws, "customers", "show", "ZOE.KAPLAN@example.com", "--json").out());
        assertEquals("zoe.kaplan@example.com", shown.get("email").asText());
        assertEquals("new", shown.get("stage").asText());
        assertEquals("active", shown.get("status").asText());
        assertTrue(shown.has("last_contact_at") && shown.get("events").isArray());
        assertEquals(2, CliRun.run(ws, "customers", "list", "--stage", "vip").exit());
        assertTrue(CliRun.run(ws, "customers", "list").out().contains("zoe.kaplan@example.com"));
    }

    @Test
    void forgettingAPersonKeepsThemSuppressedAcrossReimports() throws Exception {
        Path ws = CliRun.sampleWorkspace(dir);
        CliRun.run(ws, "import", ws.resolve("samples/customers.csv").toString());
        assertEquals(0, CliRun.run(ws, "customers", "forget", "zoe.kaplan@example.com").exit());
        CliRun.Result reimport = CliRun.run(ws, "import", ws.resolve("samples/customers.csv").toString(), "--json");
        assertTrue(reimport.out().contains("asked to be forgotten"), reimport.out());
        assertEquals(2, CliRun.run(ws, "customers", "export", "zoe.kaplan@example.com").exit());
    }

    @Test
    void theSampleTemplatesLintCleanAndABrokenPieceFailsWithFileAndLine() throws Exception {
        Path ws = CliRun.sampleWorkspace(dir);
        CliRun.Result clean = CliRun.run(ws, "templates", "lint");
        assertEquals(0, clean.exit(), clean.out());
        assertTrue(clean.out().contains("0 errors"), clean.out());
        Files.writeString(ws.resolve("templates/broken.ftlh"),
                "<#--\nsubject: \"Hi ${customer.firstName!'you'}\"\nstages: [friend]\nkind: tip\n-->\n<p>Hi ${customer.firstName!\"you\"}</p>\n<#if>\n");
        CliRun.Result broken = CliRun.run(ws, "templates", "lint");
        assertEquals(2, broken.exit());
        assertTrue(broken.out().contains("templates/broken.ftlh:7: error: syntax error"), broken.out());
        JsonNode list = Json.MAPPER.readTree(CliRun.run(ws, "templates", "list", "--json").out());
        JsonNode entry = null;
        for (JsonNode p : list) if (p.get("template").asText().equals("broken")) entry = p;
        assertFalse(entry.get("lint_ok").asBoolean());
    }
}
