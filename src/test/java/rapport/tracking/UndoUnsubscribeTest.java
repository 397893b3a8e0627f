package rapport.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rapport.tracking.TrackingFixture.NOW;
import static rapport.tracking.TrackingFixture.RUN;
import static rapport.tracking.TrackingFixture.email;
import static rapport.tracking.TrackingFixture.text;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rapport.customer.Status;
import rapport.feedback.MessageRef;
import rapport.feedback.Signal;
import rapport.feedback.Unsubscribing;

/** "Undo — keep my notes": for a while, and only for what the link itself did. */
class UndoUnsubscribeTest {
    private static final String FORM = "application/x-www-form-urlencoded";
    @TempDir Path dir;

    @Test
    void undoRightAfterNoMoreNotesPutsThePersonBackAndSaysSoOnTheTimeline() {
        try (TrackingFixture f = TrackingFixture.open(dir, 2)) {
            String link = f.links.unsubscribe(f.id(email(0)), RUN);
            String token = link.substring(link.lastIndexOf('/') + 1);
            f.post(link, FORM, "action=unsubscribe");
            assertEquals(Status.UNSUBSCRIBED, f.status(email(0)));
            String unsubscribed = text(f.get(link));
            assertTrue(unsubscribed.contains("You can undo this for the next 7\u00a0days"),
                    "seven days on the server's clock from the unsubscribe: " + unsubscribed);

            HttpResponse<byte[]> undo = f.post(link, FORM, "action=undo");
            assertEquals(303, undo.statusCode());
            assertEquals(token + "?done=kept", undo.headers().firstValue("Location").orElseThrow());
            assertEquals(Status.ACTIVE, f.status(email(0)));
            assertEquals(1, f.undoings(email(0)).size());
            assertEquals(RUN, f.undoings(email(0)).get(0).run());
            String kept = text(f.get("/u/" + token + "?done=kept"));
            assertTrue(kept.contains("Your notes will keep coming") && kept.contains(email(0)), kept);

            assertEquals(303, f.post(link, FORM, "action=undo").statusCode(), "a second press is harmless");
            assertEquals(1, f.undoings(email(0)).size());
            assertEquals(Status.ACTIVE, f.status(email(1)));
        }
    }

    @Test
    void aOneClickUnsubscribeFromTheMailAppCanBeUndoneOnThePageToo() {
        try (TrackingFixture f = TrackingFixture.open(dir, 1)) {
            String link = f.links.unsubscribe(f.id(email(0)), RUN);
            String answer = text(f.post(link, FORM, "List-Unsubscribe=One-Click"));
            assertTrue(answer.contains("You are unsubscribed"), answer);
            f.post(link, FORM, "action=undo");
            assertEquals(Status.ACTIVE, f.status(email(0)));
        }
    }

    @Test
    void justBeforeTheWindowClosesUndoWorksAndJustAfterItExplainsTheWayBack() {
        try (TrackingFixture f = TrackingFixture.open(dir, 2)) {
            Duration window = Unsubscribing.UNDO_WINDOW;
            unsubscribedAt(f, email(0), RUN, NOW.minus(window).plusSeconds(1), "page");
            unsubscribedAt(f, email(1), RUN, NOW.minus(window), "page");

            String lastMinute = text(f.get(f.links.unsubscribe(f.id(email(0)), RUN)));
            assertTrue(lastMinute.contains("You can undo this for the next minute"), lastMinute);
            f.post(f.links.unsubscribe(f.id(email(0)), RUN), FORM, "action=undo");
            assertEquals(Status.ACTIVE, f.status(email(0)));

            String link = f.links.unsubscribe(f.id(email(1)), RUN);
            String page = text(f.get(link));
            assertFalse(page.contains("value=\"undo\""), "no undo offered after the window: " + page);
            assertTrue(page.contains("more than 7 days since you unsubscribed") && page.contains("reply to any note"), page);
            assertTrue(page.contains(email(1)), page);
            HttpResponse<byte[]> late = f.post(link, FORM, "action=undo");
            assertEquals(303, late.statusCode());
            assertEquals(Status.UNSUBSCRIBED, f.status(email(1)));
            assertTrue(f.undoings(email(1)).isEmpty());
        }
    }

    @Test
    void undoNeverPutsBackSomeoneThisLinkDidNotUnsubscribe() {
        try (TrackingFixture f = TrackingFixture.open(dir, 5)) {
            // Unsubscribed, then complained: the complaint stands.
            f.post(f.links.unsubscribe(f.id(email(0)), RUN), FORM, "action=unsubscribe");
            f.feedback.record(List.of(new Signal.Complaint(ref(f, email(0), RUN), NOW, "abuse")));
            // Bounced, never unsubscribed.
            f.feedback.record(List.of(new Signal.Bounce(ref(f, email(1), RUN), NOW, true, "5.1.1", "no such user")));
            // Unsubscribed by writing to the unsubscribe address, not through the link.
            unsubscribedAt(f, email(2), RUN, NOW, "mailto");
            // Unsubscribed through the link of another note.
            unsubscribedAt(f, email(3), "20261201", NOW, "page");

            for (int i = 0; i < 4; i++) {
                String link = f.links.unsubscribe(f.id(email(i)), RUN);
                Status before = f.status(email(i));
                assertFalse(text(f.get(link)).contains("value=\"undo\""), email(i));
                assertEquals(303, f.post(link, FORM, "action=undo").statusCode());
                assertEquals(before, f.status(email(i)), email(i));
                assertTrue(text(f.get(link)).contains("No notes go to this address"), email(i));
            }
            assertEquals(0, f.countEvents("type = 'preference' and detail like 'unsubscribe undone%'"));
        }
    }

    @Test
    void aForgottenPersonsLinkShowsNoAddressAndCannotBringThemBack() {
        try (TrackingFixture f = TrackingFixture.open(dir, 1)) {
            String link = f.links.unsubscribe(f.id(email(0)), RUN);
            f.post(link, FORM, "action=unsubscribe");
            f.customers.forget(f.customers.findByEmail(email(0)).orElseThrow());
            String page = text(f.get(link));
            assertTrue(page.contains("No notes go to this address"), page);
            assertFalse(page.contains("@example.com") || page.contains("value=\"undo\""), page);
            f.post(link, FORM, "action=undo");
            assertEquals(0, f.countEvents("type = 'preference' and detail like 'unsubscribe undone%'"));
        }
    }

    private static MessageRef ref(TrackingFixture f, String email, String run) {
        return new MessageRef(f.id(email), run);
    }

    /** Records an unsubscribe at {@code at} the way the endpoint or the mailbox poll does. */
    private static void unsubscribedAt(TrackingFixture f, String email, String run, Instant at, String via) {
        f.feedback.record(List.of(new Signal.Unsubscribe(ref(f, email, run), at, via)));
        assertEquals(Status.UNSUBSCRIBED, f.status(email));
    }
}
