package rapport.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import rapport.customer.Customer;
import rapport.customer.EmailAddresses;
import rapport.customer.ImportedCustomer;
import rapport.customer.SendHistory;
import rapport.customer.Status;

/** The same SQL, unchanged, on H2 and on PostgreSQL. */
class CustomerStoreTest {
    private static final Instant NOW = Instant.parse("2026-11-24T14:00:00Z");
    @TempDir Path dir;

    private static CustomerStore store(TestDatabases.TestDb db) {
        return new CustomerStore(db.database(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static ImportedCustomer row(String email, String first, String stage) {
        return new ImportedCustomer(2, EmailAddresses.key(email), email, first, null, stage, null,
                Instant.parse("2026-11-01T10:00:00Z"), List.of("pearls", "gifts"), Map.of("ring_size", "6"));
    }

    @ParameterizedTest
    @MethodSource("rapport.store.TestDatabases#kinds")
    void customersRoundTripWithTheirInterestsAttributesAndDates(TestDatabases.Kind kind) {
        try (TestDatabases.TestDb db = TestDatabases.open(kind, dir)) {
            CustomerStore store = store(db);
            store.insert(List.of(row("Ana@Example.com", "Ana", null), row("bo@example.com", "Bo \"the\", \n'Younger'", "friend"),
                    row("cy@example.com", "", null)), "new", LocalDate.parse("2026-11-24"));
            Customer ana = store.findByEmail("  ana@EXAMPLE.com ").orElseThrow();
            assertEquals("Ana@Example.com", ana.email());
            // Quotes, commas and line breaks go in as they are; an empty name stays empty, not unknown.
            assertEquals("Bo \"the\", \n'Younger'", store.findByEmail("bo@example.com").orElseThrow().firstName());
            assertEquals("friend", store.findByEmail("bo@example.com").orElseThrow().stage());
            assertEquals("", store.findByEmail("cy@example.com").orElseThrow().firstName());
            assertEquals("new", ana.stage());
            assertEquals(Status.ACTIVE, ana.status());
            assertEquals(LocalDate.parse("2026-11-24"), ana.joinedAt());
            assertEquals(Instant.parse("2026-11-01T10:00:00Z"), ana.lastNoteAt());
            assertEquals(List.of("pearls", "gifts"), ana.interests());
            assertEquals(Map.of("ring_size", "6"), ana.attributes());
        }
    }

    @ParameterizedTest
    @MethodSource("rapport.store.TestDatabases#kinds")
    void anUpdateKeepsWhatTheFileDoesNotSayAndNeverTouchesStatus(TestDatabases.Kind kind) throws Exception {
        try (TestDatabases.TestDb db = TestDatabases.open(kind, dir)) {
            CustomerStore store = store(db);
            store.insert(List.of(row("ana@example.com", "Ana", "friend")), "new", LocalDate.parse("2026-11-24"));
            try (Connection c = db.database().dataSource().getConnection();
                 PreparedStatement st = c.prepareStatement("update customers set status = 'unsubscribed'")) {
                st.executeUpdate();
            }
            store.update(List.of(new ImportedCustomer(3, EmailAddresses.key("ana@example.com"), "ana@example.com",
                    "Anna", null, null, null, null, null, null)));
            Customer ana = store.findByEmail("ana@example.com").orElseThrow();
            assertEquals("Anna", ana.firstName());
            assertEquals("friend", ana.stage());
            assertEquals(Status.UNSUBSCRIBED, ana.status());
            assertEquals(Map.of("ring_size", "6"), ana.attributes());
            assertEquals(Instant.parse("2026-11-01T10:00:00Z"), ana.lastNoteAt());
            assertEquals(Map.of(EmailAddresses.key("ana@example.com"), Status.UNSUBSCRIBED),
                    store.statusByKey(List.of(EmailAddresses.key("ana@example.com"), EmailAddresses.key("x@example.com"))));
        }
    }

    @ParameterizedTest
    @MethodSource("rapport.store.TestDatabases#kinds")
    void pagesStreamEveryCustomerOnceInIdOrderAndFilterByStage(TestDatabases.Kind kind) {
        try (TestDatabases.TestDb db = TestDatabases.open(kind, dir)) {
            CustomerStore store = store(db);
            List<ImportedCustomer> rows = new ArrayList<>();
            for (int i = 0; i < 25; i++) rows.add(row("c" + i + "@example.com", "C" + i, i % 5 == 0 ? "partner" : "new"));
            store.insert(rows, "new", LocalDate.parse("2026-11-24"));
            List<Integer> pageSizes = new ArrayList<>();
            List<String> seen = new ArrayList<>();
            List<Long> ids = new ArrayList<>();
            store.forEachPage(null, 10, page -> {
                pageSizes.add(page.size());
                page.forEach(c -> {
                    seen.add(c.email());
                    ids.add(c.id());
                });
            });
            assertEquals(List.of(10, 10, 5), pageSizes);
            assertEquals(25, seen.stream().distinct().count());
            assertEquals(ids.stream().sorted().toList(), ids);
            List<String> partners = new ArrayList<>();
            store.forEachPage("partner", 2, page -> page.forEach(c -> partners.add(c.email())));
            // The same five, in the same (id) order as the walk over everyone met them.
            List<String> partnersSeen = seen.stream()
                    .filter(e -> List.of("c0@example.com", "c5@example.com", "c10@example.com", "c15@example.com", "c20@example.com").contains(e))
                    .toList();
            assertEquals(5, partnersSeen.size());
            assertEquals(partnersSeen, partners);
        }
    }

    @ParameterizedTest
    @MethodSource("rapport.store.TestDatabases#kinds")
    void historiesReturnPieceDatesAndTheNotesInsideTheCapWindow(TestDatabases.Kind kind) throws Exception {
        try (TestDatabases.TestDb db = TestDatabases.open(kind, dir)) {
            CustomerStore store = store(db);
            store.insert(List.of(row("a@example.com", "A", null), row("b@example.com", "B", null)), "new", LocalDate.parse("2026-11-24"));
            long a = store.findByEmail("a@example.com").orElseThrow().id();
            long b = store.findByEmail("b@example.com").orElseThrow().id();
            try (Connection c = db.database().dataSource().getConnection()) {
                for (String at : List.of("2026-11-10T10:00:00Z", "2026-11-20T10:00:00Z")) {
                    try (PreparedStatement st = c.prepareStatement("insert into events (customer_id, type, at, piece) values (?, 'sent', ?, 'tip')")) {
                        st.setLong(1, a);
                        st.setObject(2, java.time.OffsetDateTime.parse(at));
                        st.executeUpdate();
                    }
                }
                try (PreparedStatement st = c.prepareStatement("insert into piece_history (customer_id, piece, last_sent_at, times) values (?, 'tip', ?, 2)")) {
                    st.setLong(1, a);
                    st.setObject(2, java.time.OffsetDateTime.parse("2026-11-20T10:00:00Z"));
                    st.executeUpdate();
                }
            }
            Map<Long, SendHistory> h = store.histories(List.of(a, b), Instant.parse("2026-11-18T00:00:00Z"));
            assertEquals(Map.of("tip", Instant.parse("2026-11-20T10:00:00Z")), h.get(a).pieceLastSent());
            assertEquals(List.of(Instant.parse("2026-11-20T10:00:00Z")), h.get(a).recentNotes());
            assertEquals(SendHistory.EMPTY, h.get(b));
            assertEquals(2, store.timeline(a).size());
            assertTrue(store.timeline(b).isEmpty());
        }
    }

    @ParameterizedTest
    @MethodSource("rapport.store.TestDatabases#kinds")
    void forgettingErasesThePersonButKeepsTheAddressSuppressed(TestDatabases.Kind kind) {
        try (TestDatabases.TestDb db = TestDatabases.open(kind, dir)) {
            CustomerStore store = store(db);
            store.insert(List.of(row("a@example.com", "A", null)), "new", LocalDate.parse("2026-11-24"));
            store.forget(store.findByEmail("a@example.com").orElseThrow());
            Customer gone = store.findByEmail("A@example.com").orElseThrow();
            assertNull(gone.email());
            assertNull(gone.firstName());
            assertTrue(gone.attributes().isEmpty());
            assertEquals(Status.FORGOTTEN, gone.status());
        }
    }

    @org.junit.jupiter.api.Test
    void aLargeWriteOnPostgresLeavesStatisticsThatKnowTheTableIsLarge() throws Exception {
        // Without them the next batch's key lookups were planned as scans of the whole table.
        try (TestDatabases.TestDb db = TestDatabases.open(TestDatabases.Kind.POSTGRES, dir)) {
            CustomerStore store = store(db);
            List<ImportedCustomer> rows = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) rows.add(row("c" + i + "@example.com", "C", null));
            store.insert(rows, "new", LocalDate.parse("2026-11-01"));
            try (Connection c = db.database().connection();
                 PreparedStatement st = c.prepareStatement("select reltuples from pg_class where oid = to_regclass('customers')");
                 java.sql.ResultSet rs = st.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(10_000, rs.getLong(1), "the row count the planner works from");
            }
            assertEquals(10_000, store.statusByKey(rows.stream().map(ImportedCustomer::emailKey).toList()).size());
        }
    }

    @ParameterizedTest
    @MethodSource("rapport.store.TestDatabases#kinds")
    void aBatchTheDatabaseRefusesIsReportedWithItsReasonAndKeepsNoneOfItsRows(TestDatabases.Kind kind) {
        // On PostgreSQL new customers go in by COPY: its refusal must read like the insert's did.
        try (TestDatabases.TestDb db = TestDatabases.open(kind, dir)) {
            CustomerStore store = store(db);
            store.insert(List.of(row("ana@example.com", "Ana", null)), "new", LocalDate.parse("2026-11-01"));
            StoreException refused = org.junit.jupiter.api.Assertions.assertThrows(StoreException.class, () -> store.insert(
                    List.of(row("bo@example.com", "Bo", null), row("ana@example.com", "Ana", null)), "new", LocalDate.parse("2026-11-01")));
            assertTrue(refused.getMessage().startsWith("cannot add customers: "), refused.getMessage());
            assertTrue(refused.getMessage().toLowerCase(java.util.Locale.ROOT).contains("customers_email_key"), refused.getMessage());
            assertTrue(store.findByEmail("bo@example.com").isEmpty(), "the refused batch is kept whole or not at all");
            assertEquals("Ana", store.findByEmail("ana@example.com").orElseThrow().firstName());
        }
    }

    @ParameterizedTest
    @MethodSource("rapport.store.TestDatabases#kinds")
    void interestsTheCustomerChoseSurviveALaterImportAndForgettingErasesWhatTheySaid(TestDatabases.Kind kind) throws Exception {
        try (TestDatabases.TestDb db = TestDatabases.open(kind, dir)) {
            CustomerStore store = store(db);
            store.insert(List.of(row("ana@example.com", "Ana", "friend")), "new", LocalDate.parse("2026-11-24"));
            long id = store.findByEmail("ana@example.com").orElseThrow().id();
            try (Connection c = db.database().dataSource().getConnection()) {
                try (PreparedStatement st = c.prepareStatement("update customers set interests = 'watches', interests_chosen = true,"
                        + " paused_until = ?, declined_pieces = 'pearl-care;watch-care' where id = ?")) {
                    st.setObject(1, java.time.OffsetDateTime.parse("2027-01-05T09:00:00Z"));
                    st.setLong(2, id);
                    st.executeUpdate();
                }
                try (PreparedStatement st = c.prepareStatement("insert into note_feedback (run_id, customer_id, piece, stage, rating)"
                        + " values ('2026-11-24', ?, 'pearl-care', 'friend', 'not-for-me')")) {
                    st.setLong(1, id);
                    st.executeUpdate();
                }
            }
            store.update(List.of(row("ana@example.com", "Anna", null)));
            Customer ana = store.findByEmail("ana@example.com").orElseThrow();
            assertEquals("Anna", ana.firstName(), "the rest of the row is the file's");
            assertEquals(List.of("watches"), ana.interests(), "what she chose is hers; the file's guess does not replace it");
            assertTrue(ana.wishes().interestsChosen());
            assertEquals(Instant.parse("2027-01-05T09:00:00Z"), ana.wishes().pausedUntil());
            assertEquals(java.util.Set.of("pearl-care", "watch-care"), ana.wishes().declinedPieces());

            store.forget(ana);
            Customer forgotten = store.findByEmail("ana@example.com").orElseThrow();
            assertEquals(Customer.Wishes.NONE, forgotten.wishes());
            try (Connection c = db.database().dataSource().getConnection();
                 PreparedStatement st = c.prepareStatement("select count(*) from note_feedback");
                 java.sql.ResultSet rs = st.executeQuery()) {
                rs.next();
                assertEquals(0, rs.getInt(1), "her ratings are erased with her");
            }
        }
    }
}
