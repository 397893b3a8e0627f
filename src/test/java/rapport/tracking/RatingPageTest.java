package rapport.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rapport.tracking.TrackingFixture.RUN;
import static rapport.tracking.TrackingFixture.email;
import static rapport.tracking.TrackingFixture.text;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rapport.customer.TimelineEvent;
import rapport.feedback.MessageRef;
import rapport.feedback.Signal;
import rapport.render.Links;
import rapport.store.ReplyStore;
import rapport.tokens.Tokens;

/** The "Was this useful?" page over real sockets: what a GET shows, what a POST records, and what it refuses. */
class RatingPageTest {
    private static final String FORM = "application/x-www-form-urlencoded";

    @TempDir Path dir;

    private static String path(TrackingFixture f, long customer) {
        return f.local(f.links.rating(customer, RUN, Links.USEFUL)).getRawPath();
    }

    @Test
    void openingThePageShowsTheNotesSubjectWithTheAnswerChosenAndRecordsNothing() {
        try (TrackingFixture f = TrackingFixture.open(dir, 2)) {
            f.sql("update deliveries set subject = ? where customer_id = ?", "Caring for <silver> & gold", f.id(email(0)));
            HttpResponse<byte[]> page = f.get(f.links.rating(f.id(email(0)), RUN, Links.NOT_FOR_ME));
            assertEquals(200, page.statusCode());
            String html = text(page);
            assertTrue(html.contains("Caring for &lt;silver&gt; &amp; gold"), html);
            assertTrue(html.contains("value=\"not-for-me\" checked"), html);
            assertFalse(html.contains("value=\"useful\" checked"), html);
            assertTrue(html.contains("What would make it more useful?"), html);
            assertTrue(text(f.get(f.links.rating(f.id(email(1)), RUN, Links.USEFUL))).contains("a note Pano at Kosmima sent you"),
                    "a note without a subject is named neutrally");
            assertEquals(0, f.countEvents("type = 'rating'"), "a GET records nothing");
            assertEquals(0L, ((Number) f.value("select count(*) from note_feedback")).longValue());
        }
    }

    @Test
    void everyPostIsRecordedTheLastRatingCountsAndACommentWaitsInTheReplies() {
        try (TrackingFixture f = TrackingFixture.open(dir, 1)) {
            long id = f.id(email(0));
            String path = path(f, id);
            HttpResponse<byte[]> posted = f.post(path, FORM, "v=not-for-me&comment=");
            assertEquals(303, posted.statusCode());
            String thanks = posted.headers().firstValue("Location").orElseThrow();
            assertTrue(text(f.get(URI.create(f.base() + path).resolve(thanks).getRawPath() + "?thanks")).contains("Thank you"));
            assertEquals("note", f.value("select declined_pieces from customers where id = ?", id));

            assertEquals(303, f.post(path, FORM, "v=useful&comment=" + "More+about+rings%2C+please.").statusCode());
            List<TimelineEvent> ratings = f.timeline(email(0), "rating");
            assertEquals(List.of("not-for-me", "useful"), ratings.stream().map(TimelineEvent::detail).toList());
            assertEquals("note", ratings.get(1).piece());
            assertEquals("useful", f.value("select rating from note_feedback where customer_id = ?", id));
            assertNull(f.value("select declined_pieces from customers where id = ?", id));

            var waiting = new ReplyStore(f.database).waiting();
            assertEquals(1, waiting.size());
            assertEquals("More about rings, please.", waiting.get(0).snippet());
            assertEquals("Comment on a note", waiting.get(0).subject());
            assertTrue(f.customers.findByEmail(email(0)).orElseThrow().awaitingReply());
        }
    }

    @Test
    void forgedAlteredAndCrossPurposeTokensChangeNothingAndShowTheDamagedPage() {
        try (TrackingFixture f = TrackingFixture.open(dir, 1)) {
            long id = f.id(email(0));
            String good = f.tokens.sign(Tokens.Purpose.FEEDBACK, id, RUN);
            List<String> bad = List.of(
                    "/f/" + good.substring(0, good.length() - 1) + (good.endsWith("0") ? "1" : "0"),
                    "/f/" + f.tokens.sign(Tokens.Purpose.UNSUBSCRIBE, id, RUN),
                    "/f/" + f.tokens.sign(Tokens.Purpose.OPEN, id, RUN),
                    "/f/" + new Tokens(List.of("someone-else")).sign(Tokens.Purpose.FEEDBACK, id, RUN),
                    "/p/" + f.tokens.sign(Tokens.Purpose.FEEDBACK, id, RUN),
                    "/p/" + f.tokens.sign(Tokens.Purpose.UNSUBSCRIBE, id, RUN));
            for (String path : bad) {
                HttpResponse<byte[]> got = f.get(path + "?v=useful");
                assertEquals(400, got.statusCode(), path);
                assertTrue(text(got).contains("This link is damaged"), path);
                assertFalse(text(got).contains("@example.com"), "names no one");
                HttpResponse<byte[]> posted = f.post(path, FORM, "v=useful&comment=hi&interests=pearls&frequency=pause-4w");
                assertEquals(400, posted.statusCode(), path);
                assertTrue(text(posted).contains("This link is damaged"), path);
            }
            assertEquals(0, f.countEvents("type in ('rating', 'preference')"));
            assertTrue(new ReplyStore(f.database).waiting().isEmpty());
        }
    }

    @Test
    void anUnknownAnswerOtherMethodsAndOversizedBodiesAreRefused() {
        try (TrackingFixture f = TrackingFixture.open(dir, 1)) {
            String path = path(f, f.id(email(0)));
            HttpResponse<byte[]> unknown = f.post(path, FORM, "v=maybe");
            assertEquals(400, unknown.statusCode());
            assertTrue(text(unknown).contains("This form could not be read"), text(unknown));
            assertEquals(400, f.post(path, FORM, "comment=no+answer").statusCode());
            for (String method : List.of("PUT", "DELETE")) {
                HttpResponse<byte[]> r = f.send(HttpRequest.newBuilder(URI.create(f.base() + path)).method(method, HttpRequest.BodyPublishers.ofString("v=useful")));
                assertEquals(405, r.statusCode(), method);
                String prefs = "/p/" + f.tokens.sign(Tokens.Purpose.PREFERENCES, f.id(email(0)), RUN);
                assertEquals(405, f.send(HttpRequest.newBuilder(URI.create(f.base() + prefs)).method(method, HttpRequest.BodyPublishers.noBody())).statusCode());
            }
            assertEquals(413, f.post(path, FORM, "v=useful&comment=" + "x".repeat(Responses.MAX_BODY)).statusCode());
            assertEquals(64 * 1024, Responses.MAX_BODY);
            assertEquals(0, f.countEvents("type = 'rating'"));
            assertEquals(303, f.post(path, FORM, "v=useful&comment=" + "x".repeat(60 * 1024)).statusCode(), "a long comment fits");
            assertEquals(2000, new ReplyStore(f.database).waiting().get(0).snippet().length(), "clipped to 2000");
        }
    }

    @Test
    void aForgottenOrComplainedCustomerIsNeverRecordedAndThePageSaysSoWithoutAStackTrace() {
        try (TrackingFixture f = TrackingFixture.open(dir, 2)) {
            long complained = f.id(email(0));
            long forgotten = f.id(email(1));
            f.feedback.record(List.of(new Signal.Complaint(new MessageRef(complained, RUN), TrackingFixture.NOW, "abuse")));
            f.customers.forget(f.customers.findByEmail(email(1)).orElseThrow());
            for (long id : List.of(complained, forgotten)) {
                HttpResponse<byte[]> page = f.get(f.links.rating(id, RUN, Links.USEFUL));
                assertEquals(200, page.statusCode());
                assertTrue(text(page).contains("can no longer record"), text(page));
                assertEquals(303, f.post(path(f, id), FORM, "v=not-for-me&comment=why").statusCode());
            }
            assertEquals(0, f.countEvents("type = 'rating'"));
            assertEquals(0L, ((Number) f.value("select count(*) from note_feedback where rating is not null")).longValue());
            assertTrue(new ReplyStore(f.database).waiting().isEmpty());
        }
    }
}
