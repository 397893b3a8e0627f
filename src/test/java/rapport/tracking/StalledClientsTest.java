package rapport.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rapport.tracking.TrackingFixture.RUN;
import static rapport.tracking.TrackingFixture.email;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rapport.customer.Status;

/**
 * A few hundred clients that open connections and never finish their requests (the slowloris and
 * slow-body attacks) must not keep anyone else from the pixel, a click or an unsubscribe.
 */
class StalledClientsTest {
    private static final String TARGET = "https://kosmima.example/care";
    private static final Duration PROMPT = Duration.ofSeconds(1);

    @TempDir Path dir;

    @Test
    void aPixelAClickAndAOneClickUnsubscribeAreAnsweredPromptlyWhileHundredsOfClientsStall() throws Exception {
        try (TrackingFixture f = TrackingFixture.open(dir, 3)) {
            String pixel = f.links.openPixel(f.id(email(0)), RUN);
            String click = f.links.click(f.id(email(1)), RUN, TARGET);
            String unsubscribe = f.links.unsubscribe(f.id(email(2)), RUN);
            String stalledUnsubscribe = f.local(f.links.unsubscribe(f.id(email(0)), RUN)).getRawPath();
            try (StalledClients stalled = new StalledClients(f.server.port(), 300, 200, "/o/stalled.gif", stalledUnsubscribe, 100)) {
                // Let the server take every stalled connection in before the real clients come.
                Thread.sleep(500);
                HttpResponse<byte[]> opened = prompt("the pixel", () -> f.send(request(f, pixel).GET()));
                assertEquals(200, opened.statusCode());
                HttpResponse<byte[]> clicked = prompt("the click", () -> f.send(request(f, click).GET()));
                assertEquals(302, clicked.statusCode());
                assertEquals(TARGET, clicked.headers().firstValue("Location").orElse(""));
                HttpResponse<byte[]> left = prompt("the one-click unsubscribe", () -> f.send(request(f, unsubscribe)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click", StandardCharsets.UTF_8))));
                assertEquals(200, left.statusCode());
                assertEquals(Status.UNSUBSCRIBED, f.status(email(2)));
                assertEquals(Status.ACTIVE, f.status(email(0)), "a body never finished changes nothing");
                assertTrue(stalled.open() > 400, "the stalled clients were still connected: " + stalled.open());
            }
        }
    }

    /** The fixture bounds each request (10 s): a server that does not answer fails the test, never hangs it. */
    private static HttpRequest.Builder request(TrackingFixture f, String link) {
        return HttpRequest.newBuilder(f.local(link));
    }

    private static <T> T prompt(String what, Supplier<T> call) {
        long start = System.nanoTime();
        T result = call.get();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(PROMPT) <= 0, what + " took " + took.toMillis() + " ms");
        return result;
    }
}
