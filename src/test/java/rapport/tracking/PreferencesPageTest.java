package rapport.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rapport.tracking.TrackingFixture.NOW;
import static rapport.tracking.TrackingFixture.RUN;
import static rapport.tracking.TrackingFixture.SHOP;
import static rapport.tracking.TrackingFixture.email;
import static rapport.tracking.TrackingFixture.text;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rapport.customer.Customer;
import rapport.customer.CustomerImport;
import rapport.customer.TimelineEvent;
import rapport.feedback.MessageRef;
import rapport.feedback.Signal;
import rapport.tokens.Tokens;

/** The preferences page over real sockets: what it offers, what a save changes and records, and who cannot save. */
class PreferencesPageTest {
    private static final String FORM = "application/x-www-form-urlencoded";
    static final List<String> OFFERED = List.of("pearls", "rings", "silver");

    @TempDir Path dir;

    static TrackingFixture fixture(Path dir, int n) {
        return TrackingFixture.open(dir, n, TrackingServer.Options.defaults().withSenderName(SHOP).withInterests(OFFERED));
    }

    static String path(TrackingFixture f, String email) {
        return f.local(f.links.preferences(f.id(email), RUN)).getRawPath();
    }

    private static Customer customer(TrackingFixture f, String email) {
        return f.customers.findByEmail(email).orElseThrow();
    }

    @Test
    void thePageOffersTheShopsInterestsAndTheCustomersOwnAndRecordsNothing() {
        try (TrackingFixture f = fixture(dir, 1)) {
            f.sql("update customers set interests = 'gold;pearls'");
            String html = text(f.get(path(f, email(0))));
            for (String interest : List.of("pearls", "rings", "silver", "gold")) assertTrue(html.contains("value=\"" + interest + "\""), html);
            assertTrue(html.contains("value=\"pearls\" checked"), html);
            assertFalse(html.contains("value=\"rings\" checked"), html);
            assertTrue(html.contains("value=\"usual\" checked"), html);
            assertTrue(html.contains("href=\"../u/u"), "the way out: " + html);
            assertEquals(0, f.countEvents("type = 'preference'"));
        }
    }

    @Test
    void savingChangesInterestsPauseAndFewerNotesAndRecordsWhatChanged() {
        try (TrackingFixture f = fixture(dir, 1)) {
            f.sql("update customers set interests = 'pearls'");
            String path = path(f, email(0));
            assertEquals(303, f.post(path, FORM, "interests=pearls&interests=rings&interests=diamonds&frequency=pause-4w").statusCode());
            Customer c = customer(f, email(0));
            assertEquals(List.of("pearls", "rings"), c.interests(), "an interest not on offer is ignored");
            assertTrue(c.wishes().interestsChosen());
            assertEquals(NOW.plus(Duration.ofDays(28)), c.wishes().pausedUntil());
            List<TimelineEvent> events = f.timeline(email(0), "preference");
            assertEquals(List.of("interests: pearls, rings (were: pearls); how often: pause 4 weeks, until 2026-12-22"),
                    events.stream().map(TimelineEvent::detail).toList());
            String html = text(f.get(path + "?saved"));
            assertTrue(html.contains("paused until Tuesday 22 December 2026"), html);
            assertTrue(html.contains("Saved."), html);

            assertEquals(303, f.post(path, FORM, "interests=pearls&interests=rings").statusCode());
            assertEquals(1, f.timeline(email(0), "preference").size(), "nothing changed: no event");
            assertEquals(303, f.post(path, FORM, "interests=rings&frequency=fewer").statusCode());
            c = customer(f, email(0));
            assertTrue(c.fewerNotes());
            assertEquals(null, c.wishes().pausedUntil());
            assertEquals("interests: rings (were: pearls, rings); how often: fewer notes", f.timeline(email(0), "preference").get(1).detail());
            assertEquals(400, f.post(path, FORM, "frequency=sometimes").statusCode());
        }
    }

    @Test
    void aLaterImportKeepsTheInterestsTheCustomerChose() throws Exception {
        try (TrackingFixture f = fixture(dir, 1)) {
            f.post(path(f, email(0)), FORM, "interests=silver&frequency=usual");
            CustomerImport importer = new CustomerImport(f.customers, List.of("new", "acquaintance", "friend", "partner"), ZoneOffset.UTC,
                    LocalDate.of(2026, 11, 1));
            importer.run("again.csv", new ByteArrayInputStream((("email,interests\n" + email(0) + ",gold;rings\n"))
                    .getBytes(StandardCharsets.UTF_8)), false);
            assertEquals(List.of("silver"), customer(f, email(0)).interests());
        }
    }

    @Test
    void someoneNoNotesGoToIsToldSoAndTheirSaveChangesNothing() {
        try (TrackingFixture f = fixture(dir, 2)) {
            f.feedback.record(List.of(new Signal.Unsubscribe(new MessageRef(f.id(email(0)), RUN), NOW, "page"),
                    new Signal.Complaint(new MessageRef(f.id(email(1)), RUN), NOW, "abuse")));
            String recent = text(f.get(path(f, email(0))));
            assertTrue(recent.contains("No notes go to this address"), recent);
            assertTrue(recent.contains("You can still undo it") && recent.contains("href=\"../u/u"), recent);
            String complained = text(f.get(path(f, email(1))));
            assertTrue(complained.contains("No notes go to this address") && !complained.contains("undo"), complained);
            for (int i = 0; i < 2; i++) {
                assertEquals(303, f.post(path(f, email(i)), FORM, "interests=pearls&frequency=pause-4w").statusCode());
                assertTrue(customer(f, email(i)).interests().isEmpty());
                assertEquals(null, customer(f, email(i)).wishes().pausedUntil());
            }
            assertEquals(0, f.countEvents("type = 'preference'"));
        }
    }

    @Test
    void theUnsubscribePageLinksToThePreferencesOfTheSameCustomerAndNote() {
        try (TrackingFixture f = fixture(dir, 1)) {
            String html = text(f.get(f.links.unsubscribe(f.id(email(0)), RUN)));
            String token = f.tokens.sign(Tokens.Purpose.PREFERENCES, f.id(email(0)), RUN);
            assertTrue(html.contains("href=\"../p/" + token + "\">choose what you hear about"), html);
        }
    }
}
