package rapport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rapport send} on the embedded defaults: the sample workspace into the outbox. */
class SendCommandTest {
    @TempDir Path dir;

    private static JsonNode json(CliRun.Result r) throws Exception {
        return Json.MAPPER.readTree(r.out());
    }

    private static List<Path> outbox(Path ws) throws Exception {
        if (!Files.isDirectory(ws.resolve("outbox"))) return List.of();
        try (Stream<Path> files = Files.list(ws.resolve("outbox"))) {
            return files.sorted().toList();
        }
    }

    @Test
    void aDryRunCountsPiecesAndReasonsButWritesAndSendsNothing() throws Exception {
        Path ws = CliRun.sampleWorkspace(dir);
        CliRun.run(ws, "import", ws.resolve("samples/customers.csv").toString());
        JsonNode plan = json(CliRun.run(ws, "send", "--dry-run", "--as-of", "2026-11-24", "--json"));
        assertTrue(plan.get("dry_run").asBoolean());
        assertEquals(30, plan.get("due").asInt());
        assertEquals(7, plan.get("not_due").asInt());
        assertEquals(6, plan.get("pieces").get("welcome").asInt());
        assertEquals(0, plan.get("sent").asInt());
        assertTrue(outbox(ws).isEmpty());
        JsonNode zoe = json(CliRun.run(ws, "customers", "show", "zoe.kaplan@example.com", "--json"));
        assertEquals(0, zoe.get("events").size());
    }

    @Test
    void aDryRunRendersEveryNoteItCountsAndSaysWhatTheSendThenSkips() throws Exception {
        Path ws = CliRun.sampleWorkspace(dir);
        CliRun.run(ws, "import", ws.resolve("samples/customers.csv").toString());
        // The marketer's welcome greets by first name without a fallback: two new customers have none.
        Path welcome = ws.resolve("templates/welcome.ftlh");
        Files.writeString(welcome, Files.readString(welcome).replace("${customer.firstName!\"there\"}", "${customer.firstName}"));
        Path nameless = ws.resolve("nameless.csv");
        Files.writeString(nameless, "email,stage,joined_at\nnameless@example.com,new,2026-11-01\n");
        assertEquals(0, CliRun.run(ws, "import", nameless.toString()).exit());

        CliRun.Result dry = CliRun.run(ws, "send", "--dry-run", "--as-of", "2026-11-24");
        assertTrue(dry.out().contains("due 31 · would send 29 · skipped 2"), dry.out());
        JsonNode plan = json(CliRun.run(ws, "send", "--dry-run", "--as-of", "2026-11-24", "--json"));
        assertEquals(5, plan.get("pieces").get("welcome").asInt(), "the nameless are not counted as welcomes");
        String why = plan.get("skipped_by").fieldNames().next();
        assertTrue(why.startsWith("cannot render: ") && why.contains("firstName"), why);

        JsonNode sent = json(CliRun.run(ws, "send", "--as-of", "2026-11-24", "--json"));
        assertEquals(plan.get("due").asInt() - plan.get("skipped").asInt(), sent.get("sent").asInt());
        assertEquals(plan.get("skipped_by"), sent.get("skipped_by"), "the dry run said exactly what the send skipped, and why");
        assertEquals(29, outbox(ws).size());
    }

    @Test
    void aSendWritesOneCompleteMessagePerDueCustomerAndRecordsIt() throws Exception {
        Path ws = CliRun.sampleWorkspace(dir);
        CliRun.run(ws, "import", ws.resolve("samples/customers.csv").toString());
        JsonNode preview = json(CliRun.run(ws, "preview", "zoe.kaplan@example.com", "--as-of", "2026-11-24", "--json"));
        CliRun.Result r = CliRun.run(ws, "send", "--as-of", "2026-11-24", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode summary = json(r);
        assertEquals("20261124", summary.get("run_id").asText());
        assertEquals("finished", summary.get("state").asText());
        assertEquals(30, summary.get("due").asInt());
        assertEquals(30, summary.get("sent").asInt());
        assertEquals(0, summary.get("failed").asInt());
        assertEquals(30, outbox(ws).size());

        Path zoeFile = ws.resolve("outbox").resolve(preview.get("message_id").asText().replaceAll("[<>]", "").replaceAll("@.*", "") + ".eml");
        MimeMessage sent;
        try (InputStream in = Files.newInputStream(zoeFile)) {
            sent = new MimeMessage(Session.getInstance(new Properties()), in);
        }
        assertEquals(preview.get("subject").asText(), sent.getSubject(), "what is previewed is what is sent");
        assertEquals(preview.get("message_id").asText(), sent.getMessageID());
        assertTrue(sent.getHeader("Return-Path")[0].startsWith("<replies+b"));

        JsonNode zoe = json(CliRun.run(ws, "customers", "show", "zoe.kaplan@example.com", "--json"));
        assertEquals("sent", zoe.get("events").get(0).get("type").asText());
        assertFalse(zoe.get("last_contact_at").isNull());
        JsonNode after = json(CliRun.run(ws, "preview", "zoe.kaplan@example.com", "--as-of", "2026-11-24", "--json"));
        assertFalse(after.get("due").asBoolean(), "just sent: not due again the same day");
    }

    @Test
    void aSecondSendForTheSameDayResumesTheRunAndSendsNothingTwice() throws Exception {
        Path ws = CliRun.sampleWorkspace(dir);
        CliRun.run(ws, "import", ws.resolve("samples/customers.csv").toString());
        JsonNode first = json(CliRun.run(ws, "send", "--as-of", "2026-11-24", "--limit", "10", "--json"));
        assertEquals(10, first.get("sent").asInt());
        assertEquals(20, first.get("waiting").asInt());
        assertEquals("sending", first.get("state").asText());
        JsonNode second = json(CliRun.run(ws, "send", "--as-of", "2026-11-24", "--json"));
        assertEquals(30, second.get("sent").asInt());
        assertEquals("finished", second.get("state").asText());
        JsonNode third = json(CliRun.run(ws, "send", "--as-of", "2026-11-24", "--json"));
        assertEquals(30, third.get("sent").asInt());
        assertEquals(30, outbox(ws).size());
    }

    @Test
    void theNextWeekOnlyTheCustomersDueAgainGetANoteAndNeverTheSamePieceTwice() throws Exception {
        Path ws = CliRun.sampleWorkspace(dir);
        CliRun.run(ws, "import", ws.resolve("samples/customers.csv").toString());
        CliRun.run(ws, "send", "--as-of", "2026-11-24");
        JsonNode nextWeek = json(CliRun.run(ws, "send", "--as-of", "2026-12-01", "--json"));
        assertEquals("20261201", nextWeek.get("run_id").asText());
        JsonNode zoe = json(CliRun.run(ws, "customers", "show", "zoe.kaplan@example.com", "--json"));
        List<String> pieces = new java.util.ArrayList<>();
        zoe.get("events").forEach(e -> pieces.add(e.get("piece").asText()));
        assertEquals(2, pieces.size(), pieces.toString());
        assertEquals(2, pieces.stream().distinct().count(), "a repeat: never piece is never sent twice");
        assertTrue(zoe.get("last_contact_at").asText().startsWith("2026-12-01"),
                "the note is stamped on the as-of timeline: " + zoe.get("last_contact_at"));
        List<String> at = new java.util.ArrayList<>();
        zoe.get("events").forEach(e -> at.add(e.get("at").asText().substring(0, 10)));
        assertEquals(List.of("2026-11-24", "2026-12-01"), at.stream().sorted().toList());
    }

    @Test
    void anImportAsOfADayJoinsItsNewCustomersOnThatDay() throws Exception {
        Path ws = CliRun.sampleWorkspace(dir);
        Files.writeString(ws.resolve("new.csv"), "email,first_name,stage\nnew.one@example.com,Ana,new\n");
        assertEquals(0, CliRun.run(ws, "import", ws.resolve("new.csv").toString(), "--as-of", "2026-11-20").exit());
        JsonNode ana = json(CliRun.run(ws, "customers", "show", "new.one@example.com", "--json"));
        assertEquals("2026-11-20", ana.get("joined_at").asText());
    }

    @Test
    void aPreviewAsOfADayBeforeTheLastNoteSeesItAsJustSentNeverANegativeAge() throws Exception {
        Path ws = CliRun.sampleWorkspace(dir);
        CliRun.run(ws, "import", ws.resolve("samples/customers.csv").toString());
        CliRun.run(ws, "send", "--as-of", "2026-11-24");
        JsonNode earlier = json(CliRun.run(ws, "preview", "zoe.kaplan@example.com", "--as-of", "2026-11-20", "--json"));
        assertFalse(earlier.get("due").asBoolean());
        assertTrue(earlier.get("reason").asText().startsWith("last note today"), earlier.get("reason").asText());
        assertFalse(earlier.toString().contains("-4 days"), earlier.toString());
    }
}
