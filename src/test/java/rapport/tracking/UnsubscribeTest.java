package rapport.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rapport.tracking.TrackingFixture.RUN;
import static rapport.tracking.TrackingFixture.email;
import static rapport.tracking.TrackingFixture.text;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rapport.customer.Status;
import rapport.tokens.Tokens.Purpose;

class UnsubscribeTest {
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String ONE_CLICK = "List-Unsubscribe=One-Click";
    @TempDir Path dir;

    @Test
    void theLinkShowsAPlainPageWithTwoButtonsAndChangesNothing() {
        try (TrackingFixture f = TrackingFixture.open(dir, 1)) {
            String link = f.links.unsubscribe(f.id(email(0)), RUN);
            HttpResponse<byte[]> page = f.get(link);
            assertEquals(200, page.statusCode());
            assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
            String html = text(page);
            assertTrue(html.contains("<form method=\"post\">"), html);
            assertTrue(html.contains("name=\"action\" value=\"unsubscribe\">No more notes</button>"), html);
            assertTrue(html.contains("name=\"action\" value=\"fewer\">Fewer notes</button>"), html);
            assertFalse(html.contains("src=") || html.contains("href=") || html.contains("<script") || html.contains("url("),
                    "no external resources: " + html);
            assertEquals(200, f.head(link).statusCode());
            assertEquals(Status.ACTIVE, f.status(email(0)));
            assertTrue(f.timeline(email(0), "unsubscribe").isEmpty());
        }
    }

    @Test
    void aOneClickPostUnsubscribesAtOnceAndARepeatChangesNothingMore() {
        try (TrackingFixture f = TrackingFixture.open(dir, 2)) {
            String link = f.links.unsubscribe(f.id(email(0)), RUN);
            HttpResponse<byte[]> first = f.post(link, FORM, ONE_CLICK);
            assertEquals(200, first.statusCode());
            // Committed before the answer: no waiting, no closing the server.
            assertEquals(Status.UNSUBSCRIBED, f.status(email(0)));
            assertEquals(1, f.timeline(email(0), "unsubscribe").size());
            assertTrue(f.timeline(email(0), "unsubscribe").get(0).detail().contains("one-click"));

            HttpResponse<byte[]> again = f.post(link, FORM + "; charset=UTF-8", "foo=bar&" + ONE_CLICK);
            assertEquals(200, again.statusCode());
            assertEquals(text(first), text(again));
            assertEquals(1, f.timeline(email(0), "unsubscribe").size());
            assertEquals(Status.ACTIVE, f.status(email(1)));
        }
    }

    @Test
    void aMultipartOneClickPostAsRfc8058PrefersItWorksToo() {
        try (TrackingFixture f = TrackingFixture.open(dir, 1)) {
            String body = "--XyZ\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--XyZ--\r\n";
            assertEquals(200, f.post(f.links.unsubscribe(f.id(email(0)), RUN), "multipart/form-data; boundary=XyZ", body).statusCode());
            assertEquals(Status.UNSUBSCRIBED, f.status(email(0)));
        }
    }

    @Test
    void anInvalidTokenGetsTheSameAnswerAndChangesNothing() {
        try (TrackingFixture f = TrackingFixture.open(dir, 2)) {
            long id = f.id(email(0));
            String real = f.tokens.sign(Purpose.UNSUBSCRIBE, f.id(email(1)), RUN);
            HttpResponse<byte[]> valid = f.post(f.links.unsubscribe(id, RUN), FORM, ONE_CLICK);
            for (String token : new String[] {
                    real.substring(0, real.length() - 1) + (real.endsWith("0") ? "1" : "0"),
                    f.tokens.sign(Purpose.OPEN, f.id(email(1)), RUN),
                    "nonsense"}) {
                HttpResponse<byte[]> r = f.post("/u/" + token, FORM, ONE_CLICK);
                assertEquals(200, r.statusCode(), token);
                assertEquals(text(valid), text(r), "no probing: " + token);
                HttpResponse<byte[]> page = f.post("/u/" + token, FORM, "action=unsubscribe");
                assertEquals(200, page.statusCode());
                assertEquals(text(valid), text(page));
            }
            assertEquals(Status.ACTIVE, f.status(email(1)));
            assertEquals(1, f.countEvents("type = 'unsubscribe'"));
        }
    }

    @Test
    void thePageButtonsUnsubscribeOrAskForFewerNotes() {
        try (TrackingFixture f = TrackingFixture.open(dir, 2)) {
            HttpResponse<byte[]> fewer = f.post(f.links.unsubscribe(f.id(email(0)), RUN), FORM, "action=fewer");
            assertEquals(200, fewer.statusCode());
            assertTrue(text(fewer).contains("You'll hear from us less often"), text(fewer));
            assertEquals(Status.ACTIVE, f.status(email(0)));
            assertTrue(f.timeline(email(0), "unsubscribe").isEmpty());
            assertEquals(1, f.countEvents("type = 'preference'"), "the store records a wish for fewer notes as a preference");

            HttpResponse<byte[]> none = f.post(f.links.unsubscribe(f.id(email(1)), RUN), FORM, "action=unsubscribe");
            assertEquals(200, none.statusCode());
            assertTrue(text(none).contains("You are unsubscribed"), text(none));
            assertEquals(Status.UNSUBSCRIBED, f.status(email(1)));
            assertTrue(f.timeline(email(1), "unsubscribe").get(0).detail().contains("page"));

            HttpResponse<byte[]> neither = f.post(f.links.unsubscribe(f.id(email(0)), RUN), FORM, "action=maybe");
            assertEquals(200, neither.statusCode());
            assertTrue(text(neither).contains("No more notes"), "shows the choice again");
            assertEquals(Status.ACTIVE, f.status(email(0)));
        }
    }

    @Test
    void aBodyOverTheLimitIsRefusedAndChangesNothing() {
        try (TrackingFixture f = TrackingFixture.open(dir, 1)) {
            String link = f.links.unsubscribe(f.id(email(0)), RUN);
            assertEquals(413, f.post(link, FORM, ONE_CLICK + "&pad=" + "x".repeat(Responses.MAX_BODY)).statusCode());
            assertEquals(Status.ACTIVE, f.status(email(0)));
            assertEquals(400, f.post(link, "multipart/form-data", "x").statusCode(), "a multipart form without a boundary");
            assertEquals(405, f.send(java.net.http.HttpRequest.newBuilder(f.local(link)).DELETE()).statusCode());
        }
    }

    @Test
    void theSenderNameOnThePageIsEscaped() {
        TrackingServer.Options options = TrackingServer.Options.defaults().withSenderName("<b>Pano & \"Co\"</b>");
        try (TrackingFixture f = TrackingFixture.open(dir, 1, options)) {
            String html = text(f.get(f.links.unsubscribe(f.id(email(0)), RUN)));
            assertTrue(html.contains("&lt;b&gt;Pano &amp; &quot;Co&quot;&lt;/b&gt;"), html);
            assertFalse(html.contains("<b>"), html);
        }
    }

    @Test
    void whenTheStoreFailsTheAnswerIsNotDone() {
        try (TrackingFixture f = TrackingFixture.open(dir, 1)) {
            String link = f.links.unsubscribe(f.id(email(0)), RUN);
            f.database.close();
            HttpResponse<byte[]> r = f.post(link, FORM, ONE_CLICK);
            assertEquals(503, r.statusCode());
            assertTrue(r.headers().firstValue("Retry-After").isPresent());
            assertFalse(text(r).contains("unsubscribed"));
        }
    }
}
