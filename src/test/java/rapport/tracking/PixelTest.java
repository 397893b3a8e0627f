package rapport.tracking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rapport.tracking.TrackingFixture.RUN;
import static rapport.tracking.TrackingFixture.email;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rapport.tokens.Tokens;
import rapport.tokens.Tokens.Purpose;

class PixelTest {
    @TempDir Path dir;

    private static void assertPixel(String what, HttpResponse<byte[]> r) throws Exception {
        assertEquals(200, r.statusCode(), what);
        assertEquals("image/gif", r.headers().firstValue("Content-Type").orElse(""), what);
        assertEquals("no-cache, no-store, must-revalidate, private", r.headers().firstValue("Cache-Control").orElse(""), what);
        assertEquals("no-cache", r.headers().firstValue("Pragma").orElse(""), what);
        assertEquals("0", r.headers().firstValue("Expires").orElse(""), what);
        assertArrayEquals(OpenAndClick.PIXEL, r.body(), what);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(r.body()));
        assertEquals(1, image.getWidth(), what);
        assertEquals(1, image.getHeight(), what);
        assertEquals(0, image.getRGB(0, 0) >>> 24, what + ": transparent");
    }

    @Test
    void everyPixelRequestGetsTheSameUncachedGifButOnlyValidOpenTokensRecordAnOpen() throws Exception {
        try (TrackingFixture f = TrackingFixture.open(dir, 4)) {
            long valid = f.id(email(0));
            long rotated = f.id(email(1));
            long target = f.id(email(2));
            String real = f.tokens.sign(Purpose.OPEN, target, RUN);
            Map<String, String> requests = new LinkedHashMap<>();
            requests.put("valid", f.links.openPixel(valid, RUN));
            requests.put("signed with the previous secret", "/o/" + new Tokens(List.of(TrackingFixture.PREVIOUS_SECRET))
                    .sign(Purpose.OPEN, rotated, RUN) + ".gif");
            requests.put("forged", "/o/o" + Long.toString(target, 36) + "." + RUN + "." + "0".repeat(32) + ".gif");
            requests.put("altered mac", "/o/" + real.substring(0, real.length() - 1) + (real.endsWith("0") ? "1" : "0") + ".gif");
            requests.put("altered customer", "/o/" + real.replaceFirst("^o[0-9a-z]+\\.", "o" + Long.toString(valid, 36) + ".") + ".gif");
            requests.put("altered run", "/o/" + real.replace("." + RUN + ".", ".20261125.") + ".gif");
            requests.put("signed with a retired secret", "/o/" + new Tokens(List.of("retired-secret")).sign(Purpose.OPEN, target, RUN) + ".gif");
            requests.put("click token", "/o/" + f.tokens.sign(Purpose.CLICK, target, RUN) + ".gif");
            requests.put("unsubscribe token", "/o/" + f.tokens.sign(Purpose.UNSUBSCRIBE, target, RUN) + ".gif");
            requests.put("click token relettered", "/o/o" + f.tokens.sign(Purpose.CLICK, target, RUN).substring(1) + ".gif");
            requests.put("no .gif", "/o/" + real);
            requests.put("garbage", "/o/%3Cscript%3E.gif");
            requests.put("empty", "/o/");
            requests.put("long", "/o/" + "x".repeat(3000) + ".gif");
            for (Map.Entry<String, String> r : requests.entrySet()) assertPixel(r.getKey(), f.get(r.getValue()));

            f.server.close();
            assertEquals(1, f.timeline(email(0), "open").size(), "the valid token");
            assertEquals(1, f.timeline(email(1), "open").size(), "a token signed before the secret was rotated");
            assertEquals(0, f.timeline(email(2), "open").size(), "forged, altered and foreign tokens record nothing");
            assertEquals(2, f.countEvents("type = 'open'"));
            assertEquals(0, f.countEvents("machine = true"), "a mail client two hours after delivery is a person");
            assertEquals(TrackingFixture.NOW, f.timeline(email(0), "open").get(0).at(), "the event time is the injected clock's");
        }
    }

    @Test
    void aHeadRequestGetsTheHeadersAndIsRecordedAsMachineTraffic() throws Exception {
        try (TrackingFixture f = TrackingFixture.open(dir, 1)) {
            HttpResponse<byte[]> r = f.head(f.links.openPixel(f.id(email(0)), RUN));
            assertEquals(200, r.statusCode());
            assertEquals("image/gif", r.headers().firstValue("Content-Type").orElse(""));
            assertEquals(String.valueOf(OpenAndClick.PIXEL.length), r.headers().firstValue("Content-Length").orElse(""));
            assertEquals(0, r.body().length);
            assertEquals(405, f.post(f.links.openPixel(f.id(email(0)), RUN), "text/plain", "x").statusCode());
            f.server.close();
            assertEquals(1, f.countEvents("type = 'open' and machine = true"));
        }
    }

    @Test
    void aScannerAgentIsRecordedButFlaggedAsAMachine() throws Exception {
        try (TrackingFixture f = TrackingFixture.open(dir, 1)) {
            String pixel = f.links.openPixel(f.id(email(0)), RUN);
            assertPixel("proxy", f.send(java.net.http.HttpRequest.newBuilder(f.local(pixel))
                    .header("User-Agent", "Mozilla/5.0 (Windows NT 5.1) GoogleImageProxy").GET()));
            f.server.close();
            assertEquals(1, f.countEvents("type = 'open' and machine = true"));
            assertTrue(f.customers.findByEmail(email(0)).orElseThrow().engagement().opens() == 0, "a machine open is no engagement");
        }
    }
}
