package rapport.store;

import rapport.feedback.StagePass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import rapport.config.RapportConfig;
import rapport.config.RapportConfig.Promotion;
import rapport.config.RapportConfig.StageConfig;
import rapport.customer.EmailAddresses;
import rapport.customer.ImportedCustomer;
import rapport.customer.TimelineEvent;
import rapport.feedback.MessageRef;
import rapport.feedback.Signal;
import rapport.feedback.StageRules;
import rapport.selection.Dormancy;

/** The stage rules applied to stored customers, on H2 and PostgreSQL. */
class RelationshipStoreTest {
    private static final Instant NOW = Instant.parse("2026-11-24T14:00:00Z");
    private static final StageRules RULES = new StageRules(List.of(
            new StageConfig("new", 3, Optional.of(new Promotion(2, 1, 0, 30))),
            new StageConfig("acquaintance", 7, Optional.of(new Promotion(0, 0, 1, 60))),
            new StageConfig("friend", 14)), new Dormancy(120, java.time.ZoneOffset.UTC));

    @TempDir Path dir;

    private static ImportedCustomer row(String email, String stage, String joined) {
        return new ImportedCustomer(2, EmailAddresses.key(email), email, null, null, stage,
                joined == null ? null : LocalDate.parse(joined), null, null, null);
    }

    /** A friend who joined long ago and last heard from Rapport at {@code lastNote}. */
    private static ImportedCustomer contacted(String email, Instant lastNote) {
        return new ImportedCustomer(2, EmailAddresses.key(email), email, null, null, "friend",
                LocalDate.parse("2025-01-10"), lastNote, null, null);
    }

    private static long id(CustomerStore store, String email) {
        return store.findByEmail(email).orElseThrow().id();
    }

    private static List<String> stageEvents(CustomerStore store, long id) {
        return store.timeline(id).stream().filter(e -> e.type().equals("stage")).map(TimelineEvent::detail).toList();
    }

    @ParameterizedTest
    @MethodSource("rapport.store.TestDatabases#kinds")
    void humanEngagementMovesACustomerOneRungAndSaysWhy(TestDatabases.Kind kind) {
        try (TestDatabases.TestDb db = TestDatabases.open(kind, dir)) {
            CustomerStore customers = new CustomerStore(db.database(), Clock.fixed(NOW, ZoneOffset.UTC));
            customers.insert(List.of(row("ana@example.com", "new", "2026-11-01"), row("ben@example.com", "new", "2026-11-01"),
                    row("cy@example.com", "new", "2026-11-01")), "new", LocalDate.parse("2026-11-01"));
            long ana = customers.findByEmail("ana@example.com").orElseThrow().id();
            long ben = customers.findByEmail("ben@example.com").orElseThrow().id();
            long cy = customers.findByEmail("cy@example.com").orElseThrow().id();
            Instant day = NOW.minus(Duration.ofDays(2));
            Instant sent = day.minus(Duration.ofDays(5));
            MessageRef anaFirst = TestDatabases.sentNote(db.database(), "r1", ana, "tip", sent);
            MessageRef anaSecond = TestDatabases.sentNote(db.database(), "r2", ana, "story", sent.plus(Duration.ofDays(3)));
            MessageRef benFirst = TestDatabases.sentNote(db.database(), "r1", ben, "tip", sent);
            MessageRef benSecond = TestDatabases.sentNote(db.database(), "r2", ben, "story", sent.plus(Duration.ofDays(3)));
            MessageRef cyFirst = TestDatabases.sentNote(db.database(), "r1", cy, "tip", sent);
            FeedbackStore feedback = new FeedbackStore(db.database(), Clock.fixed(NOW, ZoneOffset.UTC));
            feedback.record(List.of(
                    new Signal.Open(anaFirst, day, false, "Mozilla"),
                    new Signal.Open(anaSecond, day.plusSeconds(60), false, "Mozilla"),
                    new Signal.Open(benFirst, day, true, "GoogleImageProxy"),
                    new Signal.Open(benSecond, day.plusSeconds(60), true, "GoogleImageProxy"),
                    new Signal.Click(benFirst, day.plusSeconds(90), "https://x.example", true, "Barracuda"),
                    new Signal.Open(cyFirst, day, false, "Mozilla")));
            // Cy reads the same note again, in another batch: still one open.
            feedback.record(List.of(new Signal.Open(cyFirst, day.plusSeconds(60), false, "Mozilla")));

            RelationshipStore store = new RelationshipStore(db.database());
            assertEquals(new StagePass.Changes(1, 0, 0), store.apply(RULES, NOW));
            assertEquals("acquaintance", customers.findByEmail("ana@example.com").orElseThrow().stage(), "two notes opened");
            assertEquals(List.of("new → acquaintance: 2 opens within 30 days"), stageEvents(customers, ana));
            assertEquals("new", customers.findByEmail("ben@example.com").orElseThrow().stage(), "machine traffic never counts");
            assertEquals("new", customers.findByEmail("cy@example.com").orElseThrow().stage(), "one note opened twice is one open");

            // The opens that earned the last rung do not count towards the next one.
            MessageRef anaThird = TestDatabases.sentNote(db.database(), "r3", ana, "tip", NOW);
            feedback.record(List.of(new Signal.Open(anaThird, NOW.plusSeconds(60), false, "Mozilla")));
            assertEquals(new StagePass.Changes(0, 0, 0), store.apply(RULES, NOW.plusSeconds(120)));
            feedback.record(List.of(new Signal.Reply(anaThird, NOW.plusSeconds(180), "<m1@x>", "ana@example.com",
                    "Re: hi", "Thanks!")));
            assertEquals(1, store.apply(RULES, NOW.plusSeconds(240)).promoted());
            assertEquals("friend", customers.findByEmail("ana@example.com").orElseThrow().stage());
        }
    }

    @ParameterizedTest
    @MethodSource("rapport.store.TestDatabases#kinds")
    void silenceCountsFromTheLastEngagementElseTheLastNoteElseJoining(TestDatabases.Kind kind) {
        try (TestDatabases.TestDb db = TestDatabases.open(kind, dir)) {
            CustomerStore customers = new CustomerStore(db.database(), Clock.fixed(NOW, ZoneOffset.UTC));
            Instant longAgo = NOW.minus(Duration.ofDays(200));
            Instant lately = NOW.minus(Duration.ofDays(10));
            customers.insert(List.of(
                    contacted("engaged-long-ago@example.com", lately), contacted("engaged-lately@example.com", longAgo),
                    contacted("noted-long-ago@example.com", longAgo), contacted("noted-lately@example.com", lately),
                    row("joined-long-ago@example.com", "friend", "2026-01-05"), row("joined-lately@example.com", "friend", "2026-11-01")),
                    "new", LocalDate.parse("2026-11-01"));
            FeedbackStore feedback = new FeedbackStore(db.database(), Clock.fixed(NOW, ZoneOffset.UTC));
            feedback.record(List.of(
                    new Signal.Click(new MessageRef(id(customers, "engaged-long-ago@example.com"), "r"), longAgo, "https://x.example", false, "Mozilla"),
                    new Signal.Click(new MessageRef(id(customers, "engaged-lately@example.com"), "r"), lately, "https://x.example", false, "Mozilla")));

            assertEquals(new StagePass.Changes(0, 3, 0), new RelationshipStore(db.database()).apply(RULES, NOW));
            for (String quiet : List.of("engaged-long-ago", "noted-long-ago", "joined-long-ago")) {
                assertEquals(List.of("dormant: no engagement for 120 days (still friend)"),
                        stageEvents(customers, id(customers, quiet + "@example.com")), quiet);
            }
            for (String heard : List.of("engaged-lately", "noted-lately", "joined-lately")) {
                assertEquals(List.of(), stageEvents(customers, id(customers, heard + "@example.com")), heard);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("rapport.store.TestDatabases#kinds")
    void aLastContactMistypedCenturiesAgoStillCountsAsSilence(TestDatabases.Kind kind) {
        // A CSV's last_contact_at of "0226-11-24" for 2026-11-24 is a valid ISO date, and the import keeps it.
        try (TestDatabases.TestDb db = TestDatabases.open(kind, dir)) {
            CustomerStore customers = new CustomerStore(db.database(), Clock.fixed(NOW, ZoneOffset.UTC));
            customers.insert(List.of(contacted("typo@example.com", Instant.parse("0226-11-24T05:00:00Z")),
                    contacted("sixties@example.com", Instant.parse("1969-06-01T12:00:00Z"))), "new", LocalDate.parse("2026-11-01"));

            assertEquals(new StagePass.Changes(0, 2, 0), new RelationshipStore(db.database()).apply(RULES, NOW));
            for (String email : List.of("typo@example.com", "sixties@example.com")) {
                assertEquals(List.of("dormant: no engagement for 120 days (still friend)"), stageEvents(customers, id(customers, email)), email);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("rapport.store.TestDatabases#kinds")
    void aLongSilenceMakesACustomerDormantAndEngagementWakesThem(TestDatabases.Kind kind) {
        try (TestDatabases.TestDb db = TestDatabases.open(kind, dir)) {
            CustomerStore customers = new CustomerStore(db.database(), Clock.fixed(NOW, ZoneOffset.UTC));
            customers.insert(List.of(row("old@example.com", "friend", "2026-01-05"), row("fresh@example.com", "friend", "2026-11-01")),
                    "new", LocalDate.parse("2026-11-01"));
            long old = customers.findByEmail("old@example.com").orElseThrow().id();
            RelationshipStore store = new RelationshipStore(db.database());

            assertEquals(new StagePass.Changes(0, 1, 0), store.apply(RULES, NOW));
            assertEquals(new StagePass.Changes(0, 0, 0), store.apply(RULES, NOW), "marked once");
            assertEquals(List.of("dormant: no engagement for 120 days (still friend)"), stageEvents(customers, old));

            new FeedbackStore(db.database(), Clock.fixed(NOW, ZoneOffset.UTC))
                    .record(List.of(new Signal.Click(new MessageRef(old, "r"), NOW.plusSeconds(60), "https://x.example", false, "Mozilla")));
            assertEquals(new StagePass.Changes(0, 0, 1), store.apply(RULES, NOW.plusSeconds(120)));
            List<String> events = stageEvents(customers, old);
            assertTrue(events.get(1).startsWith("back from dormant"), events.toString());
        }
    }
}
