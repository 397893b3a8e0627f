package rapport.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rapport.tracking.TrackingFixture.RUN;
import static rapport.tracking.TrackingFixture.SENT_AT;
import static rapport.tracking.TrackingFixture.email;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rapport.config.RapportConfig;
import rapport.feedback.MessageRef;
import rapport.feedback.Signal;
import rapport.store.CustomerStore;
import rapport.store.Database;
import rapport.store.FeedbackStore;

class EventQueueTest {
    @TempDir Path dir;

    private Database database() {
        Database db = Database.open(new RapportConfig.Database("jdbc:h2:file:" + dir.resolve("rapport").toAbsolutePath(), "sa", ""), 4);
        TrackingFixture.seed(db, 3);
        return db;
    }

    /** The id of the {@code i}th seeded customer. */
    private static long id(Database db, int i) {
        return new CustomerStore(db, Clock.systemUTC()).findByEmail(email(i)).orElseThrow().id();
    }

    private static EventQueue.Hit open(long customer, Instant at, String agent) {
        return new EventQueue.Hit(EventQueue.Hit.Kind.OPEN, new MessageRef(customer, RUN), at, null, agent, false);
    }

    @Test
    void hitsAreWrittenInBatchesAndAFullQueueMakesTheCallerWaitInsteadOfDropping() throws Exception {
        try (Database db = database()) {
            ScriptedLog log = new ScriptedLog(new FeedbackStore(db, Clock.fixed(SENT_AT, ZoneOffset.UTC)));
            EventQueue queue = EventQueue.start(log, 10, 100, 3, Duration.ofMillis(5), Duration.ZERO);
            for (int i = 0; i < 2_000; i++) assertTrue(queue.put(open(id(db, 0), SENT_AT.plusSeconds(3600), "Mail")));
            queue.close();
            assertFalse(queue.put(open(id(db, 0), SENT_AT, "Mail")), "nothing is accepted after close");
            assertEquals(2_000, queue.written());
            assertEquals(2_000, log.recorded.stream().mapToInt(List::size).sum());
            assertTrue(log.recorded.stream().allMatch(b -> b.size() <= 100));
            assertTrue(log.recorded.size() < 2_000, "batched: " + log.recorded.size() + " transactions");
        }
    }

    @Test
    void hitsArrivingWhileTheWriterGathersGoInOneTransactionAndAFullBatchIsNotHeldBack() throws Exception {
        try (Database db = database()) {
            ScriptedLog log = new ScriptedLog(new FeedbackStore(db, Clock.fixed(SENT_AT, ZoneOffset.UTC)));
            EventQueue queue = EventQueue.start(log, 1_000, 100, 3, Duration.ofMillis(5), Duration.ofSeconds(2));
            queue.put(open(id(db, 0), SENT_AT.plusSeconds(3600), "Mail"));
            Thread.sleep(100);
            for (int i = 0; i < 49; i++) queue.put(open(id(db, 1), SENT_AT.plusSeconds(3600), "Mail"));
            waitFor(() -> queue.written() == 50);
            assertEquals(List.of(50), log.recorded.stream().map(List::size).toList(), "one transaction for the trickle");

            long start = System.nanoTime();
            for (int i = 0; i < 250; i++) queue.put(open(id(db, 2), SENT_AT.plusSeconds(3600), "Mail"));
            waitFor(() -> queue.written() >= 250);
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(2)) < 0,
                    "full batches are written without waiting out the gathering time");
            queue.close();
            assertEquals(300, queue.written(), "the last half batch is written at close, without waiting either");
            assertEquals(300, TrackingFixture.hits(db), "every fetch is a hit");
            assertEquals(3, TrackingFixture.countEvents(db, "type = 'open'"), "three notes, each opened once");
        }
    }

    @Test
    void eachHitIsFlaggedHumanOrMachineFromItsAgentTimeAndDelivery() throws Exception {
        try (Database db = database()) {
            ScriptedLog log = new ScriptedLog(new FeedbackStore(db, Clock.fixed(SENT_AT, ZoneOffset.UTC)));
            EventQueue queue = EventQueue.start(log, 100, 100, 3, Duration.ofMillis(5), Duration.ZERO);
            queue.put(open(id(db, 0), SENT_AT.plusSeconds(3), "Mail"));
            queue.put(open(id(db, 0), SENT_AT.plusSeconds(3600), "Mozilla/5.0 GoogleImageProxy"));
            queue.put(open(id(db, 0), SENT_AT.plusSeconds(3600), "Mail"));
            queue.put(new EventQueue.Hit(EventQueue.Hit.Kind.CLICK, new MessageRef(id(db, 0), RUN), SENT_AT.plusSeconds(3600),
                    "https://shop.example/", "Mail", true));
            queue.put(new EventQueue.Hit(EventQueue.Hit.Kind.CLICK, new MessageRef(id(db, 1), RUN), SENT_AT.plusSeconds(3600),
                    "https://shop.example/", "x".repeat(5_000), false));
            queue.close();
            List<Signal> signals = log.recorded.stream().flatMap(List::stream).toList();
            List<Boolean> machine = signals.stream()
                    .map(s -> s instanceof Signal.Open o ? o.machine() : ((Signal.Click) s).machine()).toList();
            assertEquals(List.of(true, true, false, true, false), machine, "prefetch, proxy, person, HEAD probe, person");
            Signal.Click last = (Signal.Click) signals.get(4);
            assertEquals(EventQueue.MAX_AGENT, last.agent().length(), "a huge User-Agent is cut");
        }
    }

    @Test
    void aFailedWriteIsRetriedAndAfterTheLastAttemptTheWriterCarriesOn() throws Exception {
        try (Database db = database()) {
            ScriptedLog log = new ScriptedLog(new FeedbackStore(db, Clock.fixed(SENT_AT, ZoneOffset.UTC)));
            log.failuresLeft.set(2);
            EventQueue queue = EventQueue.start(log, 100, 100, 3, Duration.ofMillis(5), Duration.ZERO);
            queue.put(open(id(db, 0), SENT_AT.plusSeconds(3600), "Mail"));
            waitFor(() -> queue.written() == 1);
            assertEquals(2, log.failed.get(), "two failures, then the third attempt went through");

            log.failuresLeft.set(3);
            queue.put(open(id(db, 1), SENT_AT.plusSeconds(3600), "Mail"));
            waitFor(() -> queue.lost() == 1);
            queue.put(open(id(db, 2), SENT_AT.plusSeconds(3600), "Mail"));
            queue.close();
            assertEquals(2, queue.written(), "the writer survived the lost batch");
            assertEquals(1, queue.lost());
            assertEquals(2, TrackingFixture.countEvents(db, "type = 'open'"));
            assertEquals(0, TrackingFixture.countEvents(db, "type = 'open' and customer_id = " + id(db, 1)));
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out");
            Thread.sleep(5);
        }
    }
}
