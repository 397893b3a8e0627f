package rapport.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rapport.store.CustomerStore;
import rapport.store.TestDatabases;

/** Imports of hostile files into a real H2 database. */
class CustomerImportTest {
    private static final ZoneId ZONE = ZoneId.of("America/New_York");
    private static final List<String> LADDER = List.of("new", "acquaintance", "friend", "partner");
    @TempDir Path dir;
    private TestDatabases.TestDb db;
    private CustomerStore store;

    @BeforeEach
    void open() {
        db = TestDatabases.open(TestDatabases.Kind.H2, dir);
        store = new CustomerStore(db.database(), Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private ImportReport importText(String csv, boolean dryRun) throws IOException {
        return importBytes(csv.getBytes(StandardCharsets.UTF_8), dryRun);
    }

    private ImportReport importBytes(byte[] csv, boolean dryRun) throws IOException {
        return new CustomerImport(store, LADDER, ZONE, LocalDate.parse("2026-11-24"))
                .run("customers.csv", new ByteArrayInputStream(csv), dryRun);
    }

    private Customer find(String email) {
        return store.findByEmail(email).orElseThrow();
    }

    @Test
    void aBomQuotedMultiLineFieldsAndAccentsImportCleanly() throws IOException {
        String csv = "\uFEFFEmail,First_Name,LAST_NAME,Stage,interests,Notes\r\n"
                + "zoe@example.com,Zoë,\"Smith, Jr.\",friend,pearls; Gifts ;,\"likes\r\nold gold\"\r\n"
                + "bob@example.com,Bob,Lee,,,\n";
        ImportReport report = importText(csv, false);
        assertEquals(2, report.imported());
        assertEquals(List.of(), report.rejected());
        Customer zoe = find("zoe@example.com");
        assertEquals("Zoë", zoe.firstName());
        assertEquals("Smith, Jr.", zoe.lastName());
        assertEquals(List.of("pearls", "gifts"), zoe.interests());
        assertEquals(Map.of("notes", "likes old gold"), zoe.attributes());
        assertEquals("new", find("bob@example.com").stage());
    }

    @Test
    void badRowsAreReportedWithTheirLineAndReasonWhileTheRestImports() throws IOException {
        String csv = String.join("\n",
                "email,first_name,stage,joined_at,last_contact_at",
                "good1@example.com,A,new,2026-01-02,2026-11-01",
                "not-an-email,B,new,,",
                ",C,new,,",
                "\"multi\nline\"@example.com,D,new,,",
                "stage@example.com,E,platinum,,",
                "joined@example.com,F,new,02/01/2026,",
                "contact@example.com,G,new,,yesterday",
                "good2@example.com,H,friend,,2026-11-10T09:00:00Z",
                "");
        ImportReport report = importText(csv, false);
        assertEquals(2, report.imported());
        assertEquals(List.of(
                new ImportReport.Rejection(3, "invalid email \"not-an-email\""),
                new ImportReport.Rejection(4, "missing email"),
                new ImportReport.Rejection(5, "invalid email \"multi\\nline@example.com\""),
                new ImportReport.Rejection(7, "unknown stage \"platinum\" (known: new, acquaintance, friend, partner)"),
                new ImportReport.Rejection(8, "joined_at \"02/01/2026\" is not an ISO date (YYYY-MM-DD)"),
                new ImportReport.Rejection(9, "last_contact_at \"yesterday\" is not an ISO date or date-time (YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z])")),
                report.rejected());
        assertEquals(Instant.parse("2026-11-10T09:00:00Z"), find("good2@example.com").lastNoteAt());
        assertEquals(LocalDate.parse("2026-11-01").atStartOfDay(ZONE).toInstant(), find("good1@example.com").lastNoteAt());
    }

    @Test
    void theSameEmailInAnotherCaseIsADuplicateOfTheFirstRow() throws IOException {
        ImportReport report = importText("email,first_name\nAna@Example.com,Ana\nana@example.COM,Other\n", false);
        assertEquals(1, report.imported());
        assertEquals(List.of(new ImportReport.Rejection(3, "duplicate of line 2 (emails are compared case-insensitively)")), report.rejected());
        assertEquals("Ana", find("ana@example.com").firstName());
    }

    @Test
    void reImportingUpdatesButNeverResurrectsASuppressedAddress() throws Exception {
        importText("email,first_name,stage\nana@example.com,Ana,new\nbo@example.com,Bo,new\n", false);
        try (Connection c = db.database().dataSource().getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("update customers set status = 'unsubscribed' where first_name = 'Ana'");
            st.executeUpdate("update customers set status = 'bounced' where first_name = 'Bo'");
        }
        ImportReport report = importText("email,first_name,stage\nANA@example.com,Anna,friend\nbo@example.com,Bo,friend\nnew@example.com,N,\n", false);
        assertEquals(1, report.imported());
        assertEquals(2, report.updated());
        assertEquals("Anna", find("ana@example.com").firstName());
        assertEquals("friend", find("ana@example.com").stage());
        assertEquals(Status.UNSUBSCRIBED, find("ana@example.com").status());
        assertEquals(Status.BOUNCED, find("bo@example.com").status());
    }

    @Test
    void aForgottenPersonIsNotStoredAgain() throws IOException {
        importText("email,first_name\nana@example.com,Ana\n", false);
        store.forget(find("ana@example.com"));
        ImportReport report = importText("email,first_name\nana@example.com,Ana\n", false);
        assertEquals(0, report.imported() + report.updated());
        assertTrue(report.rejected().get(0).reason().contains("asked to be forgotten"));
        assertEquals(null, find("ana@example.com").firstName());
    }

    @Test
    void aDryRunCountsButWritesNothing() throws IOException {
        importText("email\nold@example.com\n", false);
        ImportReport report = importText("email\nold@example.com\nnew@example.com\n", true);
        assertEquals(1, report.imported());
        assertEquals(1, report.updated());
        assertTrue(report.dryRun());
        assertFalse(store.findByEmail("new@example.com").isPresent());
    }

    @Test
    void lineBreaksInNamesAndAttributesNeverReachTheDatabase() throws IOException {
        importText("email,first_name,last_name,city\nx@example.com,\"Eve\r\nBcc: victim@example.com\",\"Doe\rX\",\"Paris\nTX\"\n", false);
        Customer x = find("x@example.com");
        assertEquals("Eve Bcc: victim@example.com", x.firstName());
        assertEquals("Doe X", x.lastName());
        assertEquals("Paris TX", x.attributes().get("city"));
    }

    @Test
    void veryLongValuesRejectTheRowAndAHugeRowDoesNotStopTheFile() throws IOException {
        String csv = "email,first_name,notes\n"
                + "long@example.com," + "N".repeat(5000) + ",\n"
                + "huge@example.com,Ok," + "x".repeat(200_000) + "\n"
                + "fine@example.com,Fine,\n";
        ImportReport report = importText(csv, false);
        assertEquals(1, report.imported());
        assertEquals(List.of(new ImportReport.Rejection(2, "first_name is 5000 characters long (at most 100)"),
                new ImportReport.Rejection(3, "notes is 200000 characters long (at most 1000)")), report.rejected());
    }

    @Test
    void anUnclosedQuoteKeepsEverythingBeforeItAndReportsTheRest() throws IOException {
        ImportReport report = importText("email,first_name\na@example.com,A\nb@example.com,\"B\nc@example.com,C\n", false);
        assertEquals(1, report.imported());
        assertEquals(3, report.rejected().get(0).line());
        assertTrue(report.rejected().get(0).reason().startsWith("cannot read from here to the end of the file"));
    }

    @Test
    void aFileWithoutAnEmailColumnIsRefusedNamingTheHeaderLine() {
        CustomerImport.BadFileException e = assertThrows(CustomerImport.BadFileException.class,
                () -> importText("name,stage\nAna,new\n", false));
        assertEquals("customers.csv:1: no \"email\" column in the header row (found: name, stage)", e.getMessage());
    }

    @Test
    void tenThousandRowsImportInBatchesWrittenWhileTheNextIsRead() throws IOException {
        importText("email,first_name\np7123@example.com,Forget me\n", false);
        store.forget(find("p7123@example.com"));
        StringBuilder csv = new StringBuilder("email,first_name,interests\n");
        for (int i = 0; i < 10_000; i++) {
            csv.append("p").append(i).append("@example.com,P").append(i).append(",gifts\n");
            if (i == 4_321) csv.append("not-an-address,Bad,\n");
        }
        csv.append("P17@EXAMPLE.COM,dup,\n");
        // Batches of 1,000: ten of them, each written on the writer thread while the next is read.
        ImportReport report = new CustomerImport(store, LADDER, ZONE, LocalDate.parse("2026-11-24"), 1_000)
                .run("customers.csv", new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)), false);
        assertEquals(9_999, report.imported());
        assertEquals(3, report.rejected().size(), report.rejected().toString());
        assertEquals(4_324, report.rejected().get(0).line());
        assertEquals(7_126, report.rejected().get(1).line());
        assertTrue(report.rejected().get(1).reason().contains("asked to be forgotten"));
        assertEquals(new ImportReport.Rejection(10_003, "duplicate of line 19 (emails are compared case-insensitively)"),
                report.rejected().get(2));
        assertEquals("P9999", find("p9999@example.com").firstName());
        assertEquals("P0", find("p0@example.com").firstName());
        assertEquals(null, find("p7123@example.com").firstName());
        assertEquals(9_999, importText(csv.toString(), false).updated());
    }

    @Test
    void aByteThatIsNotUtf8AfterSeveralBatchesStopsTheFileBeforeAnyBatchIsWritten() throws IOException {
        StringBuilder csv = new StringBuilder("email,first_name\n");
        for (int i = 0; i < 3_000; i++) csv.append("p").append(i).append("@example.com,P").append(i).append('\n');
        csv.append("renee@example.com,Renée\n");
        Path file = Files.write(dir.resolve("customers.csv"), csv.toString().getBytes(Charset.forName("windows-1252")));
        CustomerImport.BadFileException e = assertThrows(CustomerImport.BadFileException.class, () ->
                new CustomerImport(store, LADDER, ZONE, LocalDate.parse("2026-11-24"), 1_000).run(file, StandardCharsets.UTF_8, false));
        assertEquals("customers.csv:3002: not valid UTF-8 (byte 0xE9); if the file came from Excel, try --encoding windows-1252",
                e.getMessage());
        assertFalse(store.findByEmail("p0@example.com").isPresent(), "three batches were read before the bad byte; none is written");
    }

    @Test
    void aCharacterThatStraddlesTheChecksBuffersIsReadWhole() throws IOException {
        // Rows of 24 bytes whose "ë" starts 21 bytes in; the header is padded so that one starts
        // on the last byte of the check's first 64 KiB buffer, its second byte in the next.
        String header = "email,first_name,pad";
        while ((header.length() + 1 + 21 - 65_535) % 24 != 0) header += "d";
        StringBuilder csv = new StringBuilder(header).append('\n');
        for (int i = 10_000; i < 14_000; i++) csv.append("p").append(i).append("@example.com,Zoë\n");
        Path file = Files.write(dir.resolve("customers.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
        ImportReport report = new CustomerImport(store, LADDER, ZONE, LocalDate.parse("2026-11-24")).run(file, StandardCharsets.UTF_8, false);
        assertEquals(4_000, report.imported());
        assertEquals("Zoë", find("p13999@example.com").firstName());
    }

    @Test
    void aUtf8FileWithABomImportsFromItsPathAsFromAStream() throws IOException {
        Path file = Files.write(dir.resolve("customers.csv"), "\uFEFFEmail,First_Name\r\nzoe@example.com,Zoë\r\n".getBytes(StandardCharsets.UTF_8));
        ImportReport report = new CustomerImport(store, LADDER, ZONE, LocalDate.parse("2026-11-24")).run(file, StandardCharsets.UTF_8, false);
        assertEquals(1, report.imported());
        assertEquals("Zoë", find("zoe@example.com").firstName());
    }

    @Test
    void aBatchTheDatabaseRefusesStopsTheImportWithTheBatchesBeforeItKept() throws Exception {
        // A real refusal from the database, in the third of three batches of 1,000.
        try (Connection c = db.database().dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("alter table customers add constraint refuse_one check (email <> 'p2500@example.com')");
        }
        StringBuilder csv = new StringBuilder("email,first_name\n");
        for (int i = 0; i < 3_000; i++) csv.append("p").append(i).append("@example.com,P").append(i).append('\n');
        rapport.store.StoreException e = assertThrows(rapport.store.StoreException.class, () ->
                new CustomerImport(store, LADDER, ZONE, LocalDate.parse("2026-11-24"), 1_000)
                        .run("customers.csv", new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)), false));
        assertTrue(e.getMessage().startsWith("cannot add customers: "), e.getMessage());
        assertTrue(e.getMessage().toUpperCase(java.util.Locale.ROOT).contains("REFUSE_ONE"), e.getMessage());
        assertEquals("P0", find("p0@example.com").firstName());
        assertEquals("P1999", find("p1999@example.com").firstName());
        assertFalse(store.findByEmail("p2000@example.com").isPresent(), "the refused batch is written whole or not at all");
        assertFalse(store.findByEmail("p2999@example.com").isPresent());
    }
}
