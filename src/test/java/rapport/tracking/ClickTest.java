package rapport.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rapport.tracking.TrackingFixture.RUN;
import static rapport.tracking.TrackingFixture.email;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rapport.customer.TimelineEvent;
import rapport.tokens.Tokens.Purpose;

class ClickTest {
    private static final String TARGET = "https://shop.example/silver-care?utm_source=rapport&kind=tip#polish";
    @TempDir Path dir;

    private static String u(String target) {
        return URLEncoder.encode(target, StandardCharsets.UTF_8);
    }

    @Test
    void aValidClickRedirectsToTheExactTargetAndRecordsAClick() throws Exception {
        try (TrackingFixture f = TrackingFixture.open(dir, 1)) {
            HttpResponse<byte[]> r = f.get(f.links.click(f.id(email(0)), RUN, TARGET));
            assertEquals(302, r.statusCode());
            assertEquals(TARGET, r.headers().firstValue("Location").orElse(""));
            f.server.close();
            List<TimelineEvent> clicks = f.timeline(email(0), "click");
            assertEquals(1, clicks.size());
            assertEquals(TARGET, clicks.get(0).detail());
            assertEquals(1, f.customers.findByEmail(email(0)).orElseThrow().engagement().clicks());
        }
    }

    @Test
    void anyChangeToTokenOrTargetIsA400PageAndNeverARedirect() throws Exception {
        try (TrackingFixture f = TrackingFixture.open(dir, 2)) {
            long id = f.id(email(0));
            String token = f.tokens.sign(Purpose.CLICK, id, RUN, TARGET);
            String evil = "https://evil.example/phish";
            Map<String, String> requests = new LinkedHashMap<>();
            requests.put("altered target", "/c/" + token + "?u=" + u(evil));
            requests.put("target with one more character", "/c/" + token + "?u=" + u(TARGET + "x"));
            requests.put("altered mac", "/c/" + token.substring(0, token.length() - 1) + (token.endsWith("0") ? "1" : "0") + "?u=" + u(TARGET));
            requests.put("another customer's id", "/c/" + token.replaceFirst("^c[0-9a-z]+\\.", "c" + Long.toString(f.id(email(1)), 36) + ".")
                    + "?u=" + u(TARGET));
            requests.put("open token bound to the target", "/c/" + f.tokens.sign(Purpose.OPEN, id, RUN, TARGET) + "?u=" + u(TARGET));
            requests.put("open token", "/c/" + f.tokens.sign(Purpose.OPEN, id, RUN) + "?u=" + u(TARGET));
            requests.put("click token for another target", "/c/" + f.tokens.sign(Purpose.CLICK, id, RUN, evil) + "?u=" + u(TARGET));
            requests.put("no target", "/c/" + token);
            requests.put("two targets", "/c/" + token + "?u=" + u(TARGET) + "&u=" + u(evil));
            requests.put("forged", "/c/c1." + RUN + "." + "0".repeat(32) + "?u=" + u(evil));
            requests.put("validly signed javascript:", "/c/" + f.tokens.sign(Purpose.CLICK, id, RUN, "javascript:alert(1)")
                    + "?u=" + u("javascript:alert(1)"));
            requests.put("validly signed scheme-relative", "/c/" + f.tokens.sign(Purpose.CLICK, id, RUN, "//evil.example/")
                    + "?u=" + u("//evil.example/"));
            requests.put("validly signed header injection", "/c/" + f.tokens.sign(Purpose.CLICK, id, RUN, "https://a.example/\r\nSet-Cookie: x=1")
                    + "?u=" + u("https://a.example/\r\nSet-Cookie: x=1"));
            for (Map.Entry<String, String> r : requests.entrySet()) {
                HttpResponse<byte[]> response = f.get(r.getValue());
                assertEquals(400, response.statusCode(), r.getKey());
                assertTrue(response.headers().firstValue("Location").isEmpty(), r.getKey());
                assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), r.getKey());
                String page = TrackingFixture.text(response);
                assertTrue(page.contains("This link is damaged") && page.contains(TrackingFixture.SHOP), r.getKey() + ": " + page);
            }
            f.server.close();
            assertEquals(0, f.countEvents("type = 'click'"));
        }
    }

    @Test
    void aTargetWithCharactersAUrlMayNotCarryIsEncodedNotRefused() {
        assertEquals("https://shop.example/caf%C3%A9%20cr%C3%A8me?q=a%20b", OpenAndClick.location("https://shop.example/café crème?q=a b").orElseThrow());
        assertEquals("https://shop.example/100%25", OpenAndClick.location("https://shop.example/100%").orElseThrow());
        assertEquals("HTTP://Shop.example/a%2Fb?x=%41", OpenAndClick.location("HTTP://Shop.example/a%2Fb?x=%41").orElseThrow());
        assertEquals("https://my_shop.example/", OpenAndClick.location("https://my_shop.example/").orElseThrow());
        assertTrue(OpenAndClick.location("mailto:a@example.com").isEmpty());
        assertTrue(OpenAndClick.location("ftp://files.example/a").isEmpty());
        assertTrue(OpenAndClick.location("https:///path-only").isEmpty());
        assertTrue(OpenAndClick.location("https://a.example/\ttab").isEmpty());
    }
}
