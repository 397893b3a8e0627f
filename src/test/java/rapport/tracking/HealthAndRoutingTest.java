package rapport.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rapport.tracking.TrackingFixture.text;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthAndRoutingTest {
    @TempDir Path dir;

    @Test
    void healthSaysOkWhileTheDatabaseAnswersAnd503WhenItDoesNot() {
        try (TrackingFixture f = TrackingFixture.open(dir, 1)) {
            HttpResponse<byte[]> ok = f.get("/health");
            assertEquals(200, ok.statusCode());
            assertEquals("application/json", ok.headers().firstValue("Content-Type").orElse(""));
            assertEquals("{\"status\":\"ok\",\"database\":\"ok\"}", text(ok));

            f.health.set(() -> false);
            HttpResponse<byte[]> down = f.get("/health");
            assertEquals(503, down.statusCode());
            assertEquals("application/json", down.headers().firstValue("Content-Type").orElse(""));
            assertTrue(text(down).contains("\"database\":\"unreachable\""), text(down));

            f.health.set(() -> {
                throw new IllegalStateException("the pool is closed");
            });
            assertEquals(503, f.get("/health").statusCode(), "a check that throws counts as unreachable");

            f.health.set(() -> true);
            assertEquals(200, f.get("/health").statusCode());
        }
    }

    @Test
    void everythingElseIsAPlain404() {
        try (TrackingFixture f = TrackingFixture.open(dir, 1)) {
            for (String path : new String[] {"/", "/healthz", "/health/x", "/o", "/favicon.ico", "/u", "/admin"}) {
                HttpResponse<byte[]> r = f.get(path);
                assertEquals(404, r.statusCode(), path);
                assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), path);
            }
            assertEquals(405, f.post("/health", "text/plain", "").statusCode());
            assertEquals(413, f.post("/c/x", "text/plain", "x".repeat(Responses.MAX_BODY + 1)).statusCode());
        }
    }
}
