package rapport.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import rapport.customer.EmailAddresses;
import rapport.customer.ImportedCustomer;
import rapport.customer.Status;
import rapport.customer.TimelineEvent;
import rapport.feedback.MessageRef;
import rapport.feedback.Signal;
import rapport.feedback.Subscription;

/** Where a customer stands for the unsubscribe page, and putting one back, on H2 and PostgreSQL. */
class SubscriptionStoreTest {
    private static final Instant AT = Instant.parse("2026-11-24T16:00:00Z");
    private static final String EMAIL = "ana@example.com";

    @TempDir Path dir;

    @ParameterizedTest
    @MethodSource("rapport.store.TestDatabases#kinds")
    void theUnsubscribeThatTookSomeoneOffCanPutThemBackOnceAndNotAfterAComplaint(TestDatabases.Kind kind) throws Exception {
        try (TestDatabases.TestDb db = TestDatabases.open(kind, dir)) {
            Clock clock = Clock.fixed(AT, ZoneOffset.UTC);
            CustomerStore customers = new CustomerStore(db.database(), clock);
            customers.insert(List.of(new ImportedCustomer(2, EmailAddresses.key(EMAIL), EMAIL, "Ana", null, null, null, null, null, null)),
                    "new", LocalDate.parse("2026-11-01"));
            long id = customers.findByEmail(EMAIL).orElseThrow().id();
            MessageRef note = new MessageRef(id, "20261124");
            FeedbackStore store = new FeedbackStore(db.database(), clock);
            assertEquals(Optional.of(new Subscription(id, EMAIL, Status.ACTIVE, false, Optional.empty())), store.subscription(id));

            store.record(List.of(new Signal.Unsubscribe(note, AT, "page")));
            Subscription off = store.subscription(id).orElseThrow();
            assertEquals(Status.UNSUBSCRIBED, off.status());
            Subscription.Unsubscribed last = off.lastUnsubscribe().orElseThrow();
            assertEquals(List.of("20261124", AT, "page"), List.of(last.run(), last.at(), last.via()));

            assertTrue(store.restore(off, note, AT.plusSeconds(60), "undo"));
            assertFalse(store.restore(off, note, AT.plusSeconds(61), "undo"), "once");
            assertEquals(Status.ACTIVE, customers.findByEmail(EMAIL).orElseThrow().status());
            List<TimelineEvent> back = customers.timeline(id).stream().filter(e -> e.type().equals("preference")).toList();
            assertEquals(1, back.size());
            assertEquals("20261124", back.get(0).run());

            store.record(List.of(new Signal.Unsubscribe(note, AT.plusSeconds(120), "one-click")));
            Subscription again = store.subscription(id).orElseThrow();
            store.record(List.of(new Signal.Complaint(note, AT.plusSeconds(180), "abuse")));
            assertFalse(store.restore(again, note, AT.plusSeconds(240), "undo"), "the complaint stands");
            assertEquals(Status.COMPLAINED, customers.findByEmail(EMAIL).orElseThrow().status());
            assertEquals(Optional.empty(), store.subscription(id + 1000));
        }
    }
}
