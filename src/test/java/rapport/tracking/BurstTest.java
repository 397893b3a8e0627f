package rapport.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rapport.tracking.TrackingFixture.RUN;
import static rapport.tracking.TrackingFixture.email;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BurstTest {
    private static final int REQUESTS = 10_000;
    private static final int CLIENTS = 8;
    private static final int CUSTOMERS = 50;
    @TempDir Path dir;

    @Test
    void tenThousandPixelFetchesFromEightClientsAreAllCountedAsOneOpenPerNote() throws Exception {
        try (TrackingFixture f = TrackingFixture.open(dir, CUSTOMERS)) {
            List<String> pixels = new ArrayList<>();
            for (int i = 0; i < CUSTOMERS; i++) pixels.add(f.links.openPixel(f.id(email(i)), RUN));
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            long start = System.nanoTime();
            List<Future<Integer>> done = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                done.add(clients.submit(() -> {
                    int ok = 0;
                    for (int i = client; i < REQUESTS; i += CLIENTS) {
                        if (f.get(pixels.get(i % CUSTOMERS)).statusCode() == 200) ok++;
                    }
                    return ok;
                }));
            }
            int answered = 0;
            for (Future<Integer> d : done) answered += d.get();
            long answeredAt = System.nanoTime();
            clients.shutdown();
            f.server.close();
            long flushedAt = System.nanoTime();

            assertEquals(REQUESTS, answered);
            // Every answered fetch is counted as a hit. Java's HTTP client may send a GET again when its
            // kept-alive connection closes before the answer arrives, so the server can have been
            // asked, and have counted, a few more than the clients counted (one in a full run).
            long hits = f.hits();
            assertTrue(hits >= REQUESTS && hits <= REQUESTS + CLIENTS, "none lost, none invented: " + hits);
            assertEquals(CUSTOMERS, f.countEvents("type = 'open'"), "one open per note, however often its pixel was fetched");
            assertEquals(1, f.timeline(email(7), "open").size(), "customer 7");
            assertEquals(1, f.customers.findByEmail(email(7)).orElseThrow().engagement().opens(), "customer 7");
            System.err.printf("tracking burst: %d pixel requests from %d clients in %d ms: %.0f requests/s answered;"
                            + " all recorded %d ms after the first (%.0f/s end to end)%n",
                    REQUESTS, CLIENTS, (answeredAt - start) / 1_000_000, REQUESTS * 1e9 / (answeredAt - start),
                    (flushedAt - start) / 1_000_000, REQUESTS * 1e9 / (flushedAt - start));
        }
    }
}
