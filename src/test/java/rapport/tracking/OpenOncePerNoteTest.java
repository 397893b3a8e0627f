package rapport.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static rapport.tracking.TrackingFixture.RUN;
import static rapport.tracking.TrackingFixture.email;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rapport.customer.TimelineEvent;

/** The pixel through the running server: one human open per note, however often it is fetched. */
class OpenOncePerNoteTest {
    private static final int FETCHES = 2_000;
    @TempDir Path dir;

    @Test
    void aPixelFetchedTwoThousandTimesInALoopIsOneOpenAndTwoThousandHits() throws Exception {
        try (TrackingFixture f = TrackingFixture.open(dir, 2)) {
            String pixel = f.links.openPixel(f.id(email(0)), RUN);
            for (int i = 0; i < FETCHES; i++) assertEquals(200, f.get(pixel).statusCode());
            f.server.close();

            List<TimelineEvent> opens = f.timeline(email(0), "open");
            assertEquals(1, opens.size(), "one open on the timeline");
            assertEquals(FETCHES, opens.get(0).fetches(), "every fetch is counted as a hit");
            assertEquals(FETCHES, f.hits());
            assertEquals(1, f.customers.findByEmail(email(0)).orElseThrow().engagement().opens());
            assertEquals(0, f.timeline(email(1), "open").size());
        }
    }

    @Test
    void aProxyThatFetchesFirstLeavesThePersonsOpenToCountOnce() throws Exception {
        try (TrackingFixture f = TrackingFixture.open(dir, 1)) {
            String pixel = f.links.openPixel(f.id(email(0)), RUN);
            for (int i = 0; i < 3; i++) {
                assertEquals(200, f.send(HttpRequest.newBuilder(f.local(pixel)).header("User-Agent", "Mozilla/5.0 GoogleImageProxy").GET())
                        .statusCode());
            }
            f.server.close();
            assertEquals(0, f.customers.findByEmail(email(0)).orElseThrow().engagement().opens(), "no person opened it yet");
        }
        try (TrackingFixture f = TrackingFixture.reopen(dir)) {
            String pixel = f.links.openPixel(f.id(email(0)), RUN);
            assertEquals(200, f.get(pixel).statusCode());
            assertEquals(200, f.get(pixel).statusCode());
            f.server.close();

            List<TimelineEvent> opens = f.timeline(email(0), "open");
            assertEquals(List.of(true, false), opens.stream().map(TimelineEvent::machine).toList(), "the proxy's open, then the person's");
            assertEquals(1, f.customers.findByEmail(email(0)).orElseThrow().engagement().opens());
            assertEquals(5, f.hits());
        }
    }
}
