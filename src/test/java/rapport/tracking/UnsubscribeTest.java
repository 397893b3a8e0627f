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
            assertTrue(html.contains(TrackingFixture.SHOP) && html.contains(email(0)), "the shop's name and the address: " + html);
            assertFalse(html.contains("Rapport"), "the shop's voice, never the engine's");
            assertTrue(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"), html);
            // The one link is to the same customer's preferences page, on this server.
            String own = html.replaceFirst("href=\"\\.\\./p/[a-z0-9.]+\"", "");
            assertFalse(own.contains("src=") || own.contains("href=") || own.contains("<script") || own.contains("url("),
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
    void aDamagedLinkSaysSoNamesNoOneAndChangesNothing() {
        try (TrackingFixture f = TrackingFixture.open(dir, 2)) {
            String real = f.tokens.sign(Purpose.UNSUBSCRIBE, f.id(email(1)), RUN);
            for (String token : new String[] {
                    real.substring(0, real.length() - 1) + (real.endsWith("0") ? "1" : "0"),
                    real.substring(0, real.length() - 7),
                    real.replace("." + RUN + ".", ".20261125."),
                    f.tokens.sign(Purpose.OPEN, f.id(email(1)), RUN),
                    "nonsense"}) {
                HttpResponse<byte[]> page = f.get("/u/" + token);
                assertEquals(400, page.statusCode(), token);
                String html = text(page);
                assertTrue(html.contains("This link is damaged"), html);
                assertTrue(html.contains("Nothing has changed"), html);
                assertTrue(html.contains("reply to any note"), "what to do instead: " + html);
                assertTrue(html.contains(TrackingFixture.SHOP), html);
                assertFalse(html.contains("@example.com") || html.contains("You are unsubscribed") || html.contains("<form"),
                        "names no one, claims nothing, offers nothing to press: " + html);

                HttpResponse<byte[]> pressed = f.post("/u/" + token, FORM, "action=unsubscribe");
                assertEquals(400, pressed.statusCode(), token);
                assertEquals(html, text(pressed));
                assertEquals(400, f.post("/u/" + token, FORM, "action=undo").statusCode());

                HttpResponse<byte[]> oneClick = f.post("/u/" + token, FORM, ONE_CLICK);
                assertEquals(200, oneClick.statusCode(), "mail apps expect 200 for any token: " + token);
                assertFalse(text(oneClick).contains("You are unsubscribed"), text(oneClick));
            }
            assertEquals(Status.ACTIVE, f.status(email(1)));
            assertEquals(0, f.countEvents("type = 'unsubscribe'"));
        }
    }

    @Test
    void thePageButtonsChangeThingsThenRedirectToThePageThatShowsTheOutcome() {
        try (TrackingFixture f = TrackingFixture.open(dir, 2)) {
            String fewerLink = f.links.unsubscribe(f.id(email(0)), RUN);
            String token = fewerLink.substring(fewerLink.lastIndexOf('/') + 1);
            HttpResponse<byte[]> fewer = f.post(fewerLink, FORM, "action=fewer");
            assertEquals(303, fewer.statusCode());
            assertEquals(token + "?done=fewer", fewer.headers().firstValue("Location").orElseThrow());
            assertEquals(Status.ACTIVE, f.status(email(0)));
            assertTrue(f.timeline(email(0), "unsubscribe").isEmpty());
            assertEquals(1, f.countEvents("type = 'preference'"), "the store records a wish for fewer notes as a preference");
            String fewerPage = text(f.get("/u/" + token + "?done=fewer"));
            assertTrue(fewerPage.contains("You'll hear from us less often") && fewerPage.contains(email(0)), fewerPage);

            String link = f.links.unsubscribe(f.id(email(1)), RUN);
            HttpResponse<byte[]> none = f.post(link, FORM, "action=unsubscribe");
            assertEquals(303, none.statusCode());
            assertEquals(Status.UNSUBSCRIBED, f.status(email(1)), "committed before the redirect");
            assertTrue(f.timeline(email(1), "unsubscribe").get(0).detail().contains("page"));
            String done = text(f.get(link));
            assertTrue(done.contains("You are unsubscribed") && done.contains(email(1)), done);
            assertTrue(done.contains("value=\"undo\">Undo — keep my notes</button>"), done);

            HttpResponse<byte[]> neither = f.post(fewerLink, FORM, "action=maybe");
            assertEquals(303, neither.statusCode());
            assertEquals(token, neither.headers().firstValue("Location").orElseThrow());
            assertTrue(text(f.get(fewerLink)).contains("No more notes"), "shows the choice again");
            assertEquals(Status.ACTIVE, f.status(email(0)));
        }
    }

    @Test
    void aHintInTheAddressNeverMakesThePageClaimWhatDidNotHappen() {
        try (TrackingFixture f = TrackingFixture.open(dir, 1)) {
            String link = f.links.unsubscribe(f.id(email(0)), RUN);
            String kept = text(f.get(link + "?done=kept"));
            assertTrue(kept.contains("Your notes will keep coming"), "true: they are on the list");
            String fewer = text(f.get(link + "?done=fewer"));
            assertFalse(fewer.contains("less often from now on"), "false: they never asked for fewer: " + fewer);
            f.post(link, FORM, "action=unsubscribe");
            assertFalse(text(f.get(link + "?done=kept")).contains("keep coming"));
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
