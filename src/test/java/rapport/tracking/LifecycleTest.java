package rapport.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rapport.tracking.TrackingFixture.RUN;
import static rapport.tracking.TrackingFixture.email;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rapport.customer.Status;
import rapport.feedback.Signal;

class LifecycleTest {
    @TempDir Path dir;

    @Test
    void closingLetsTheRequestInFlightFinishThenStopsListening() throws Exception {
        CountDownLatch recording = new CountDownLatch(1);
        TrackingServer.Options options = TrackingServer.Options.defaults();
        try (TrackingFixture f = TrackingFixture.open(dir, 1, options, store -> {
            ScriptedLog log = new ScriptedLog(store);
            log.beforeRecord = signals -> {
                if (signals.get(0) instanceof Signal.Unsubscribe) {
                    recording.countDown();
                    sleep(300);
                }
            };
            return log;
        })) {
            String link = f.links.unsubscribe(f.id(email(0)), RUN);
            CompletableFuture<HttpResponse<byte[]>> inFlight = f.http.sendAsync(HttpRequest.newBuilder(f.local(link))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertTrue(recording.await(10, TimeUnit.SECONDS));
            f.server.close();
            // Had close not waited, stopping the server would have cut this connection.
            assertEquals(200, inFlight.get(10, TimeUnit.SECONDS).statusCode());
            assertEquals(Status.UNSUBSCRIBED, f.status(email(0)));
            assertThrows(IllegalStateException.class, () -> f.get("/health"), "no longer listening");
            f.server.close();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
