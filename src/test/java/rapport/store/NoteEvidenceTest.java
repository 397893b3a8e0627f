package rapport.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import rapport.customer.EmailAddresses;
import rapport.customer.ImportedCustomer;
import rapport.customer.TimelineEvent;
import rapport.feedback.MessageRef;
import rapport.feedback.Preferences;
import rapport.feedback.Rating;
import rapport.feedback.Signal;

/** What ratings, clicks, replies, leaving and saved preferences leave as evidence about each note, on H2 and PostgreSQL. */
class NoteEvidenceTest {
    private static final Instant SENT = Instant.parse("2026-11-24T14:00:00Z");
    private static final Instant LATER = SENT.plusSeconds(3600);
    private static final String RUN = "20261124";

    @TempDir Path dir;

    private record World(TestDatabases.TestDb db, CustomerStore customers, FeedbackStore feedback, MessageRef ana, MessageRef ben,
                         MessageRef cy) {
        Object[] row(MessageRef m) throws Exception {
            try (Connection c = db.database().connection();
                 PreparedStatement st = c.prepareStatement("select piece, stage, rating, engaged, left_after from note_feedback"
                         + " where run_id = ? and customer_id = ?")) {
                st.setString(1, m.run());
                st.setLong(2, m.customerId());
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) return null;
                    return new Object[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getBoolean(5)};
                }
            }
        }

        List<TimelineEvent> events(MessageRef m, String type) {
            return customers.timeline(m.customerId()).stream().filter(e -> e.type().equals(type)).toList();
        }
    }

    private static World world(TestDatabases.TestDb db) {
        Clock clock = Clock.fixed(LATER, ZoneOffset.UTC);
        CustomerStore customers = new CustomerStore(db.database(), clock);
        customers.insert(List.of(row("ana@example.com"), row("ben@example.com"), row("cy@example.com")), "new", LocalDate.parse("2026-11-01"));
        long ana = customers.findByEmail("ana@example.com").orElseThrow().id();
        long ben = customers.findByEmail("ben@example.com").orElseThrow().id();
        long cy = customers.findByEmail("cy@example.com").orElseThrow().id();
        return new World(db, customers, new FeedbackStore(db.database(), clock),
                TestDatabases.sentNote(db.database(), RUN, ana, "silver-care", SENT),
                TestDatabases.sentNote(db.database(), RUN, ben, "pearl-story", SENT),
                TestDatabases.sentNote(db.database(), RUN, cy, "ring-sizes", SENT));
    }

    private static ImportedCustomer row(String email) {
        return new ImportedCustomer(2, EmailAddresses.key(email), email, "Ana", null, null, null, null, null, null);
    }

    @ParameterizedTest
    @MethodSource("rapport.store.TestDatabases#kinds")
    void everyRatingIsOnTheTimelineTheLastCountsAndDeclinedPiecesFollowIt(TestDatabases.Kind kind) throws Exception {
        try (TestDatabases.TestDb db = TestDatabases.open(kind, dir)) {
            World w = world(db);
            w.feedback().record(List.of(Rating.of(w.ana(), LATER, Rating.Verdict.NOT_FOR_ME, "")));
            assertEquals("silver-care", w.customers().findByEmail("ana@example.com").orElseThrow().wishes().declinedPieces().iterator().next());
            w.feedback().record(List.of(Rating.of(w.ana(), LATER.plusSeconds(5), Rating.Verdict.USEFUL, " ")));

            Object[] note = w.row(w.ana());
            assertEquals("silver-care", note[0]);
            assertEquals("new", note[1]);
            assertEquals("useful", note[2], "the last rating counts");
            assertEquals(List.of("not-for-me", "useful"), w.events(w.ana(), "rating").stream().map(TimelineEvent::detail).toList());
            assertEquals("silver-care", w.events(w.ana(), "rating").get(0).piece());
            assertTrue(w.customers().findByEmail("ana@example.com").orElseThrow().wishes().declinedPieces().isEmpty(),
                    "no note rates it not for her any more");
            assertTrue(new ReplyStore(db.database()).waiting().isEmpty(), "a blank comment is no reply");
        }
    }

    @ParameterizedTest
    @MethodSource("rapport.store.TestDatabases#kinds")
    void aHumanClickOrAReplyEngagesAMachineClickNeverAndLeavingMarksTheNote(TestDatabases.Kind kind) throws Exception {
        try (TestDatabases.TestDb db = TestDatabases.open(kind, dir)) {
            World w = world(db);
            w.feedback().record(List.of(
                    new Signal.Click(w.ana(), LATER, "https://shop.example/a", true, "Barracuda"),
                    new Signal.Click(w.ben(), LATER, "https://shop.example/b", false, "Mozilla/5.0"),
                    new Signal.Click(w.ben(), LATER.plusSeconds(1), "https://shop.example/b", false, "Mozilla/5.0"),
                    new Signal.Reply(w.cy(), LATER, "<r1@mail.example>", "cy@example.com", "Re: rings", "Lovely."),
                    new Signal.Unsubscribe(w.cy(), LATER.plusSeconds(9), "page")));

            assertNull(w.row(w.ana()), "a scanner's click is no evidence");
            assertEquals(true, w.row(w.ben())[3]);
            assertEquals(false, w.row(w.ben())[4]);
            assertEquals(true, w.row(w.cy())[3]);
            assertEquals(true, w.row(w.cy())[4], "she left through this note");

            w.feedback().record(List.of(new Signal.Complaint(w.ana(), LATER, "abuse")));
            assertEquals(true, w.row(w.ana())[4]);
            w.feedback().record(List.of(Rating.of(w.ana(), LATER, Rating.Verdict.USEFUL, "nice")));
            assertNull(w.row(w.ana())[2], "a customer who complained is never recorded again");
            assertTrue(w.events(w.ana(), "rating").isEmpty());
            assertTrue(new ReplyStore(db.database()).waiting().stream().noneMatch(r -> r.customerId() == w.ana().customerId()));
        }
    }

    @ParameterizedTest
    @MethodSource("rapport.store.TestDatabases#kinds")
    void aCommentWaitsInTheRepliesAndSavedPreferencesSayWhatChanged(TestDatabases.Kind kind) throws Exception {
        try (TestDatabases.TestDb db = TestDatabases.open(kind, dir)) {
            World w = world(db);
            w.feedback().record(List.of(Rating.of(w.ben(), LATER, Rating.Verdict.NOT_FOR_ME, "More about rings, please."),
                    Rating.of(w.ben(), LATER, Rating.Verdict.NOT_FOR_ME, "More about rings, please.")));
            var waiting = new ReplyStore(db.database()).waiting();
            assertEquals(1, waiting.size(), "the same comment twice in a moment is one: " + waiting);
            assertEquals("More about rings, please.", waiting.get(0).snippet());
            assertTrue(w.customers().findByEmail("ben@example.com").orElseThrow().awaitingReply());

            w.feedback().record(List.of(Preferences.of(w.ana(), LATER, List.of("pearls", "rings"), Preferences.Frequency.PAUSE_4W)));
            var ana = w.customers().findByEmail("ana@example.com").orElseThrow();
            assertEquals(List.of("pearls", "rings"), ana.interests());
            assertTrue(ana.wishes().interestsChosen());
            assertEquals(LATER.plusSeconds(28L * 86400), ana.wishes().pausedUntil());
            assertEquals(List.of("interests: pearls, rings (were: none); how often: pause 4 weeks, until 2026-12-22"),
                    w.events(w.ana(), "preference").stream().map(TimelineEvent::detail).toList());

            w.feedback().record(List.of(Preferences.of(w.ana(), LATER, List.of("rings", "pearls"), null)));
            assertEquals(1, w.events(w.ana(), "preference").size(), "nothing changed: no event");
            w.feedback().record(List.of(Preferences.of(w.ana(), LATER, List.of("rings"), Preferences.Frequency.FEWER)));
            ana = w.customers().findByEmail("ana@example.com").orElseThrow();
            assertNull(ana.wishes().pausedUntil());
            assertTrue(ana.fewerNotes());
            assertEquals("interests: rings (were: rings, pearls); how often: fewer notes", w.events(w.ana(), "preference").get(1).detail());
        }
    }
}
