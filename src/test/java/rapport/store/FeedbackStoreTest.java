package rapport.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import rapport.customer.Customer;
import rapport.customer.EmailAddresses;
import rapport.customer.ImportedCustomer;
import rapport.customer.Status;
import rapport.customer.TimelineEvent;
import rapport.feedback.BounceReasons;
import rapport.feedback.FeedbackLog;
import rapport.feedback.FeedbackLog.InboundRecording;
import rapport.feedback.MessageRef;
import rapport.feedback.Signal;

/** What each kind of feedback does to a customer's record, on H2 and PostgreSQL. */
class FeedbackStoreTest {
    private static final Instant SENT = Instant.parse("2026-11-24T14:00:00Z");
    private static final Instant LATER = SENT.plusSeconds(3600);
    private static final String RUN = "20261124";

    @TempDir Path dir;

    private record World(CustomerStore customers, FeedbackStore feedback, MessageRef ana, MessageRef ben) {
        Customer customer(String email) {
            return customers.findByEmail(email).orElseThrow();
        }

        List<String> types(MessageRef m) {
            return customers.timeline(m.customerId()).stream().map(TimelineEvent::type).toList();
        }
    }

    private static World world(TestDatabases.TestDb db) throws Exception {
        Clock clock = Clock.fixed(LATER, ZoneOffset.UTC);
        CustomerStore customers = new CustomerStore(db.database(), clock);
        customers.insert(List.of(row("ana@example.com"), row("ben@example.com")), "new", LocalDate.parse("2026-11-01"));
        long ana = customers.findByEmail("ana@example.com").orElseThrow().id();
        long ben = customers.findByEmail("ben@example.com").orElseThrow().id();
        return new World(customers, new FeedbackStore(db.database(), clock), TestDatabases.sentNote(db.database(), RUN, ana, "silver-care", SENT),
                TestDatabases.sentNote(db.database(), RUN, ben, "silver-care", SENT));
    }

    private static List<Signal> thanksFromAna(World w) {
        return List.of(new Signal.Reply(w.ana(), LATER, "<r1@mail.example>", "ana@example.com", "Re: silver", "Thanks."));
    }

    private static ImportedCustomer row(String email) {
        return new ImportedCustomer(2, EmailAddresses.key(email), email, "Ana", null, null, null, null, null, null);
    }

    @ParameterizedTest
    @MethodSource("rapport.store.TestDatabases#kinds")
    void humanOpensAndClicksCountAsEngagementAndMachineOnesAreOnlyKept(TestDatabases.Kind kind) throws Exception {
        try (TestDatabases.TestDb db = TestDatabases.open(kind, dir)) {
            World w = world(db);
            w.feedback().record(List.of(
                    new Signal.Open(w.ana(), SENT.plusSeconds(2), true, "GoogleImageProxy"),
                    new Signal.Open(w.ana(), LATER, false, "Mozilla/5.0"),
                    new Signal.Open(w.ana(), LATER.plusSeconds(5), false, "Mozilla/5.0"),
                    new Signal.Click(w.ana(), LATER.plusSeconds(9), "https://shop.example/care", false, "Mozilla/5.0")));

            Customer ana = w.customer("ana@example.com");
            assertEquals(new Customer.Engagement(0, 1, 1, 0), ana.engagement(), "one note opened, twice: one open");
            assertEquals(LATER.plusSeconds(9), ana.lastEngagedAt());
            assertEquals(List.of("open", "open", "click"), w.types(w.ana()), "the proxy's open and the person's");
            assertEquals("silver-care", w.customers().timeline(w.ana().customerId()).get(0).piece());
            assertEquals(Map.of(w.ana(), SENT, w.ben(), SENT), w.feedback().deliveredAt(List.of(w.ana(), w.ben(),
                    new MessageRef(w.ana().customerId(), "19990101"))));

            // The report counts people, not hits, and leaves the proxy's open out.
            ReportStore report = new ReportStore(db.database());
            assertEquals(List.of(new ReportStore.Piece("silver-care", 2, 0, 1, 1, 0)), report.pieces());
            assertEquals(List.of(new ReportStore.People("new", "active", 2, 0)), report.people());
            assertEquals(new ReportStore.Replies(0, 0), report.replies());
        }
    }

    @ParameterizedTest
    @MethodSource("rapport.store.TestDatabases#kinds")
    void aNoteFetchedTwoThousandTimesIsOneOpenOnTheTimelineAndTwoThousandHits(TestDatabases.Kind kind) throws Exception {
        try (TestDatabases.TestDb db = TestDatabases.open(kind, dir)) {
            World w = world(db);
            for (int batch = 0; batch < 4; batch++) {
                List<Signal> fetches = new java.util.ArrayList<>();
                for (int i = 0; i < 500; i++) fetches.add(new Signal.Open(w.ana(), LATER.plusSeconds(batch * 500L + i), false, "Mozilla/5.0"));
                w.feedback().record(fetches);
            }

            List<TimelineEvent> opens = w.customers().timeline(w.ana().customerId());
            assertEquals(1, opens.size(), "one open on the timeline");
            assertEquals(LATER, opens.get(0).at(), "the first fetch is the open");
            assertEquals(2_000, opens.get(0).fetches(), "every fetch is a hit");
            Customer ana = w.customer("ana@example.com");
            assertEquals(1, ana.engagement().opens());
            assertEquals(LATER.plusSeconds(1_999), ana.lastEngagedAt(), "reading it again is still a sign of life");
            assertEquals(new ReportStore.Piece("silver-care", 2, 0, 1, 0, 0), new ReportStore(db.database()).pieces().get(0));
        }
    }

    @ParameterizedTest
    @MethodSource("rapport.store.TestDatabases#kinds")
    void aProxyThatFetchesFirstNeverTakesThePlaceOfThePersonsOpen(TestDatabases.Kind kind) throws Exception {
        try (TestDatabases.TestDb db = TestDatabases.open(kind, dir)) {
            World w = world(db);
            // Apple's Mail Privacy Protection or a gateway fetches on delivery, more than once; the person reads it later.
            w.feedback().record(List.of(new Signal.Open(w.ana(), SENT.plusSeconds(2), true, "Mozilla/5.0"),
                    new Signal.Open(w.ana(), SENT.plusSeconds(3), true, "Mozilla/5.0")));
            w.feedback().record(List.of(new Signal.Open(w.ana(), SENT.plusSeconds(4), true, "GoogleImageProxy")));
            assertEquals(0, w.customer("ana@example.com").engagement().opens(), "a machine's open is no person's");
            w.feedback().record(List.of(new Signal.Open(w.ana(), LATER, false, "Mozilla/5.0")));
            w.feedback().record(List.of(new Signal.Open(w.ana(), LATER.plusSeconds(60), false, "Mozilla/5.0"),
                    new Signal.Open(w.ana(), LATER.plusSeconds(90), true, "GoogleImageProxy")));
            // A person first, a scanner after: still one of each.
            w.feedback().record(List.of(new Signal.Open(w.ben(), LATER, false, "Mozilla/5.0")));
            w.feedback().record(List.of(new Signal.Open(w.ben(), LATER.plusSeconds(5), true, "Barracuda")));

            List<TimelineEvent> ana = w.customers().timeline(w.ana().customerId());
            assertEquals(List.of(true, false), ana.stream().map(TimelineEvent::machine).toList(), "one machine open, one human open");
            assertEquals(LATER, ana.get(1).at());
            assertEquals(6, ana.get(1).fetches());
            assertEquals(1, w.customer("ana@example.com").engagement().opens());
            assertEquals(List.of(false, true), w.customers().timeline(w.ben().customerId()).stream().map(TimelineEvent::machine).toList());
            assertEquals(1, w.customer("ben@example.com").engagement().opens());

            // A pixel of a note the ledger never held (a preview's .eml opened in a mail app) records nothing.
            w.feedback().record(List.of(new Signal.Open(new MessageRef(w.ana().customerId(), "20261201"), LATER, false, "Mozilla/5.0")));
            assertEquals(2, w.customers().timeline(w.ana().customerId()).size());
            assertEquals(1, w.customer("ana@example.com").engagement().opens());
        }
    }

    @ParameterizedTest
    @MethodSource("rapport.store.TestDatabases#kinds")
    void anUnsubscribeIsRecordedOnceHoweverOftenItComes(TestDatabases.Kind kind) throws Exception {
        try (TestDatabases.TestDb db = TestDatabases.open(kind, dir)) {
            World w = world(db);
            w.feedback().record(List.of(new Signal.Unsubscribe(w.ana(), LATER, "one-click")));
            w.feedback().record(List.of(new Signal.Unsubscribe(w.ana(), LATER, "one-click"), new Signal.Fewer(w.ana(), LATER)));

            assertEquals(Status.UNSUBSCRIBED, w.customer("ana@example.com").status());
            assertEquals(List.of("unsubscribe"), w.types(w.ana()));
            assertEquals(Status.ACTIVE, w.customer("ben@example.com").status());
        }
    }

    @ParameterizedTest
    @MethodSource("rapport.store.TestDatabases#kinds")
    void aPermanentBounceSuppressesAtOnceAndSoftOnesOnlyWhenRepeated(TestDatabases.Kind kind) throws Exception {
        try (TestDatabases.TestDb db = TestDatabases.open(kind, dir)) {
            World w = world(db);
            w.feedback().record(List.of(new Signal.Bounce(w.ana(), LATER, true, "5.1.1", "user unknown")));
            w.feedback().record(List.of(new Signal.Bounce(w.ben(), LATER, false, "4.2.2", "mailbox full")));
            w.feedback().record(List.of(new Signal.Bounce(w.ben(), LATER, false, "4.2.2", "mailbox full")));
            assertEquals(Status.BOUNCED, w.customer("ana@example.com").status());
            assertEquals(Status.ACTIVE, w.customer("ben@example.com").status());

            w.feedback().record(List.of(new Signal.Bounce(w.ben(), LATER, false, "4.2.2", "mailbox full")));
            assertEquals(Status.BOUNCED, w.customer("ben@example.com").status());
            assertEquals(List.of("bounce", "bounce", "bounce", "bounce"), w.types(w.ben()));
            assertTrue(w.customers().timeline(w.ana().customerId()).get(0).detail().startsWith("permanent 5.1.1: user unknown"));
        }
    }

    @ParameterizedTest
    @MethodSource("rapport.store.TestDatabases#kinds")
    void aRefusalAboutTheSenderNeverSuppressesAndIsCountedForItsRun(TestDatabases.Kind kind) throws Exception {
        try (TestDatabases.TestDb db = TestDatabases.open(kind, dir)) {
            World w = world(db);
            for (int i = 0; i < 4; i++) {
                w.feedback().record(List.of(new Signal.Bounce(w.ana(), LATER, BounceReasons.Verdict.SENDER, "authfailure", "authentication",
                        "5.7.26", "550 5.7.26 unauthenticated")));
            }
            assertEquals(Status.ACTIVE, w.customer("ana@example.com").status());
            assertEquals(List.of("bounce", "bounce", "bounce", "bounce"), w.types(w.ana()));
            for (TimelineEvent e : w.customers().timeline(w.ana().customerId())) {
                assertTrue(e.detail().startsWith("refused about the sender (authentication) 5.7.26"), e.detail());
            }
            assertEquals(new FeedbackLog.RunRefusals(RUN, 4, 2), w.feedback().senderRefusals(RUN));

            w.feedback().pauseForSender(RUN, "4 refusals about the sender");
            try (Connection c = db.database().connection();
                 PreparedStatement st = c.prepareStatement("select state, note from runs where id = ?")) {
                st.setString(1, RUN);
                try (java.sql.ResultSet rs = st.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals("finished", rs.getString(1), "a finished run keeps its state");
                    assertEquals("4 refusals about the sender", rs.getString(2));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("rapport.store.TestDatabases#kinds")
    void aReplyWaitsForAnAnswerAndAMailIsHandledOnce(TestDatabases.Kind kind) throws Exception {
        try (TestDatabases.TestDb db = TestDatabases.open(kind, dir)) {
            World w = world(db);
            Optional<MessageRef> matched = w.feedback().sentMessage("rapport." + RUN + "." + Long.toString(w.ana().customerId(), 36)
                    + "@kosmima.example");
            assertEquals(Optional.of(w.ana()), matched);
            assertFalse(w.feedback().handledInbound("<r1@mail.example>"));

            w.feedback().recordInbound("<r1@mail.example>", "reply", List.of(new Signal.Reply(w.ana(), LATER, "<r1@mail.example>",
                    "ana@example.com", "Re: silver", "Thank you, that worked!")));
            w.feedback().recordInbound("<a1@mail.example>", "auto-reply", List.of(new Signal.AutoReply(w.ben(), LATER,
                    "<a1@mail.example>", "ben@example.com", "Out of office")));
            w.feedback().recordInbound("<c1@mail.example>", "complaint", List.of(new Signal.Complaint(w.ben(), LATER, "abuse")));

            assertTrue(w.feedback().handledInbound("<r1@mail.example>"));
            Customer ana = w.customer("ana@example.com");
            assertTrue(ana.awaitingReply());
            assertEquals(1, ana.engagement().replies());
            assertEquals("\"Re: silver\" Thank you, that worked!", w.customers().timeline(ana.id()).get(0).detail());
            Customer ben = w.customer("ben@example.com");
            assertFalse(ben.awaitingReply());
            assertEquals(Status.COMPLAINED, ben.status());
            assertEquals(List.of("auto-reply", "unsubscribe"), w.types(w.ben()));
        }
    }

    @ParameterizedTest
    @MethodSource("rapport.store.TestDatabases#kinds")
    void aMailRecordedAgainChangesNothingAndIsAnsweredAlreadyRecorded(TestDatabases.Kind kind) throws Exception {
        try (TestDatabases.TestDb db = TestDatabases.open(kind, dir)) {
            World w = world(db);
            List<Signal> reply = thanksFromAna(w);

            assertEquals(InboundRecording.RECORDED, w.feedback().recordInbound("<r1@mail.example>", "reply", reply));
            assertEquals(InboundRecording.ALREADY_RECORDED, w.feedback().recordInbound("<r1@mail.example>", "reply", reply));

            assertEquals(List.of("reply"), w.types(w.ana()));
            assertEquals(1, w.customer("ana@example.com").engagement().replies());
        }
    }

    @ParameterizedTest
    @MethodSource("rapport.store.TestDatabases#kinds")
    void aMailAnotherPollIsRecordingAtTheSameMomentIsRecordedOnce(TestDatabases.Kind kind) throws Exception {
        try (TestDatabases.TestDb db = TestDatabases.open(kind, dir)) {
            World w = world(db);
            List<Signal> reply = thanksFromAna(w);
            try (Connection other = db.database().connection()) {
                // The other poll has taken the key and not yet committed.
                other.setAutoCommit(false);
                try (PreparedStatement st = other.prepareStatement("insert into inbound_mail (mail_key, outcome, handled_at) values (?, ?, ?)")) {
                    Jdbc.bind(st, "<r1@mail.example>", "reply", LATER);
                    st.executeUpdate();
                }
                var ours = CompletableFuture.supplyAsync(() -> w.feedback().recordInbound("<r1@mail.example>", "reply", reply));
                // Time for ours to reach the key and wait on it; had it not, it would find the key
                // committed, with the same answer.
                Thread.sleep(300);
                other.commit();
                other.setAutoCommit(true);

                assertEquals(InboundRecording.ALREADY_RECORDED, ours.get(30, TimeUnit.SECONDS));
            }
            assertEquals(List.of(), w.types(w.ana()), "what the mail said is the other poll's to record");
        }
    }

    @ParameterizedTest
    @MethodSource("rapport.store.TestDatabases#kinds")
    void repliesWaitingForAnAnswerAreListedNewestFirst(TestDatabases.Kind kind) throws Exception {
        try (TestDatabases.TestDb db = TestDatabases.open(kind, dir)) {
            World w = world(db);
            w.feedback().recordInbound("<r1@mail.example>", "reply", List.of(new Signal.Reply(w.ana(), LATER, "<r1@mail.example>",
                    "ana@example.com", "Re: silver", "First.")));
            w.feedback().recordInbound("<r2@mail.example>", "reply", List.of(new Signal.Reply(w.ben(), LATER.plusSeconds(60),
                    "<r2@mail.example>", "ben@example.com", "Re: pearls", "Second.")));
            ReplyStore replies = new ReplyStore(db.database());
            assertEquals(List.of("ben@example.com", "ana@example.com"), replies.waiting().stream().map(r -> r.email()).toList());
            assertEquals(List.of("ben@example.com", "ana@example.com"), replies.all(10).stream().map(r -> r.email()).toList());
        }
    }

    @ParameterizedTest
    @MethodSource("rapport.store.TestDatabases#kinds")
    void aLargeBatchRecordsEventsOnlyForCustomersStillKeptEachWithThePieceTheirNoteCarried(TestDatabases.Kind kind) throws Exception {
        try (TestDatabases.TestDb db = TestDatabases.open(kind, dir)) {
            World w = world(db);
            List<ImportedCustomer> many = new java.util.ArrayList<>();
            for (int i = 0; i < 1_200; i++) many.add(row("c" + i + "@example.com"));
            w.customers().insert(many, "new", LocalDate.parse("2026-11-01"));
            w.customers().forget(w.customer("ben@example.com"));
            List<Signal> signals = new java.util.ArrayList<>();
            signals.add(new Signal.Open(w.ana(), LATER, false, "Mozilla/5.0"));
            signals.add(new Signal.Open(w.ben(), LATER, false, "Mozilla/5.0"));
            signals.add(new Signal.Open(new MessageRef(987_654_321L, RUN), LATER, false, "Mozilla/5.0"));
            // Over two lookups' worth of customers who were never sent this run: kept, with no piece.
            for (int i = 0; i < 1_200; i++) {
                signals.add(new Signal.Click(new MessageRef(w.customer("c" + i + "@example.com").id(), RUN), LATER, "https://shop.example/",
                        false, "Mozilla/5.0"));
            }
            w.feedback().record(signals);

            assertEquals(List.of("open"), w.types(w.ana()));
            assertEquals("silver-care", w.customers().timeline(w.ana().customerId()).get(0).piece());
            assertEquals(List.of(), w.types(w.ben()), "a forgotten customer gets no event");
            try (Connection c = db.database().connection();
                 PreparedStatement st = c.prepareStatement("select count(*), count(piece), count(distinct customer_id) from events");
                 java.sql.ResultSet rs = st.executeQuery()) {
                rs.next();
                assertEquals(1_201, rs.getInt(1), "Ana's open and every click; nothing for Ben or the id never imported");
                assertEquals(1, rs.getInt(2), "only Ana was sent a piece in this run");
                assertEquals(1_201, rs.getInt(3));
            }
            assertEquals(1, w.customer("c1199@example.com").engagement().clicks());
        }
    }
}
