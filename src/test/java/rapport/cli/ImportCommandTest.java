package rapport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rapport import} on files as spreadsheets write them: encodings, separators, exit codes. */
class ImportCommandTest {
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final String EXCEL_ROWS = "email,first_name,last_name,stage\n"
            + "renee@example.com,Renée,Dubois,new\n"
            + "jose@example.com,José,Muñoz,new\n";

    @TempDir Path dir;

    private static Path write(Path ws, byte[] csv) throws Exception {
        return Files.write(ws.resolve("customers.csv"), csv);
    }

    private static JsonNode show(Path ws, String email) throws Exception {
        CliRun.Result r = CliRun.run(ws, "customers", "show", email, "--json");
        assertEquals(0, r.exit(), r.err());
        return Json.MAPPER.readTree(r.out());
    }

    @Test
    void anExcelFileInWindows1252IsRefusedAsUtf8NamingItsFirstBadLineAndNothingIsWritten() throws Exception {
        Path ws = CliRun.sampleWorkspace(dir);
        Path csv = write(ws, "email,first_name,stage\nmarc@example.com,Marc,new\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(0, CliRun.run(ws, "import", csv.toString()).exit());
        write(ws, "email,first_name,stage\nmarc@example.com,Marcel,friend\nrenee@example.com,Renée,new\n".getBytes(WINDOWS_1252));
        for (String option : List.of("--dry-run", "--as-of=2026-11-20")) {
            CliRun.Result r = CliRun.run(ws, "import", csv.toString(), option);
            assertEquals(2, r.exit(), r.out());
            assertEquals("rapport: customers.csv:3: not valid UTF-8 (byte 0xE9); if the file came from Excel,"
                    + " try --encoding windows-1252\n", r.err());
            assertEquals("", r.out());
        }
        assertEquals("Marc", show(ws, "marc@example.com").get("first_name").asText(), "the row before the bad one is not written either");
        assertEquals("new", show(ws, "marc@example.com").get("stage").asText());
        assertEquals(2, CliRun.run(ws, "customers", "show", "renee@example.com").exit());
    }

    @Test
    void withItsEncodingNamedAnExcelFileImportsItsAccentsAndTheWelcomeGreetsByName() throws Exception {
        Path ws = CliRun.sampleWorkspace(dir);
        Path csv = write(ws, EXCEL_ROWS.getBytes(WINDOWS_1252));
        CliRun.Result r = CliRun.run(ws, "import", csv.toString(), "--encoding", "windows-1252", "--as-of", "2026-11-20");
        assertEquals(0, r.exit(), r.err());
        assertEquals("Renée", show(ws, "renee@example.com").get("first_name").asText());
        assertEquals("José", show(ws, "jose@example.com").get("first_name").asText());
        assertEquals("Muñoz", show(ws, "jose@example.com").get("last_name").asText());

        assertEquals(0, CliRun.run(ws, "send", "--as-of", "2026-11-24").exit());
        List<String> subjects = new java.util.ArrayList<>();
        String bodies = "";
        try (Stream<Path> files = Files.list(ws.resolve("outbox"))) {
            for (Path eml : files.sorted().toList()) {
                try (InputStream in = Files.newInputStream(eml)) {
                    MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), in);
                    subjects.add(message.getSubject());
                    bodies += text(message);
                }
            }
        }
        assertTrue(subjects.contains("Welcome to Kosmima, Renée"), subjects.toString());
        assertTrue(subjects.contains("Welcome to Kosmima, José"), subjects.toString());
        assertTrue(bodies.contains("Hi Renée,"), bodies);
        assertFalse(bodies.contains("\uFFFD") || subjects.toString().contains("\uFFFD"), "no replacement character");
    }

    @Test
    void anEncodingThatIsNotJavasIsAUsageErrorNamingIt() throws Exception {
        Path ws = CliRun.sampleWorkspace(dir);
        Path csv = write(ws, EXCEL_ROWS.getBytes(WINDOWS_1252));
        CliRun.Result r = CliRun.run(ws, "import", csv.toString(), "--encoding", "excel-latin");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("rapport: --encoding: unknown encoding \"excel-latin\""), r.err());
    }

    @Test
    void aByteWindows1252LeavesUndefinedIsRefusedNamingItsLine() throws Exception {
        Path ws = CliRun.sampleWorkspace(dir);
        // Windows-1252 defines every byte but five; 0x81 is one of them.
        byte[] rows = (EXCEL_ROWS + "x@example.com,X?\n").getBytes(WINDOWS_1252);
        rows[rows.length - 2] = (byte) 0x81;
        Path file = write(ws, rows);
        CliRun.Result r = CliRun.run(ws, "import", file.toString(), "--encoding", "windows-1252");
        assertEquals(2, r.exit());
        assertEquals("rapport: customers.csv:4: not valid windows-1252 (byte 0x81)\n", r.err());
        assertEquals(2, CliRun.run(ws, "customers", "show", "renee@example.com").exit());
    }

    @Test
    void aFileSeparatedBySemicolonsIsRefusedWithAHintAboutItsSeparator() throws Exception {
        Path ws = CliRun.sampleWorkspace(dir);
        Path csv = write(ws, "email;first_name;interests\nana@example.com;Ana;rings\n".getBytes(StandardCharsets.UTF_8));
        CliRun.Result r = CliRun.run(ws, "import", csv.toString());
        assertEquals(2, r.exit());
        assertEquals("rapport: customers.csv:1: no \"email\" column in the header row; the file seems separated by \";\":"
                + " save it as CSV with commas\n", r.err());
    }

    @Test
    void aStrictImportThatRejectedRowsExitsThreeWithItsJsonUnchangedAndAFullImportExitsZero() throws Exception {
        Path ws = CliRun.sampleWorkspace(dir);
        Path csv = write(ws, "email,stage\nok@example.com,friend\nbad,friend\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(0, CliRun.run(ws, "import", csv.toString(), "--dry-run").exit(), "without --strict: the contract's 0");
        CliRun.Result dry = CliRun.run(ws, "import", csv.toString(), "--dry-run", "--strict");
        assertEquals(3, dry.exit(), dry.err());
        CliRun.Result r = CliRun.run(ws, "import", csv.toString(), "--json", "--strict");
        assertEquals(3, r.exit(), r.err());
        assertEquals("", r.err());
        JsonNode json = Json.MAPPER.readTree(r.out());
        assertEquals(List.of("imported", "updated", "rejected", "dry_run"), List.copyOf(iterable(json)));
        assertEquals(1, json.get("imported").asInt());
        write(ws, "email,stage\nok@example.com,partner\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(0, CliRun.run(ws, "import", csv.toString(), "--strict").exit());
        assertTrue(CliRun.run(null, "import", "--help").out().contains("3   with --strict: some rows were rejected"));
    }

    /** The text parts of a message, decoded. */
    private static String text(Part part) throws Exception {
        if (part.getContent() instanceof Multipart multipart) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) out.append(text(multipart.getBodyPart(i)));
            return out.toString();
        }
        return part.isMimeType("text/*") ? (String) part.getContent() : "";
    }

    private static List<String> iterable(JsonNode json) {
        List<String> names = new java.util.ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
