package rapport.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rapport.delivery.SendRun;
import rapport.delivery.SendSummary;
import rapport.store.TestDatabases.Kind;

/** The scheduled send end to end: Quartz, the slot, and the same SendRun as `rapport send`. */
class SendJobTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @TempDir Path dir;

    @Test
    void aLateFireIsTheMissedSlotsRunAndStoppingLeavesTheRestForTheNextFire() throws Exception {
        try (SendWorkspace ws = SendWorkspace.open(dir, Kind.H2, 10)) {
            ws.importCustomers(12);
            List<SendSummary> summaries = new CopyOnWriteArrayList<>();
            SendRuns runs = new SendRuns() {
                @Override
                public SendRun open() {
                    return ws.sendRun();
                }

                @Override
                public void finished(Instant slot, SendSummary summary) {
                    summaries.add(summary);
                }
            };
            List<Recurring> jobs = List.of(SendJob.recurring(ws.config.schedule(), runs));
            var pool = ws.database.dataSource();
            Scheduling.open(pool, jobs).close();
            Instant slot = SchedulingTest.latestSlot(ws.config.schedule().send(), Instant.now());
            String runId = LocalDate.ofInstant(slot, NEW_YORK).toString().replace("-", "");

            // Down at the slot; started a day later; stopped (SIGTERM) while the run is sending.
            SchedulingTest.missedWhileDown(pool, SendJob.NAME, slot);
            try (Scheduling scheduling = Scheduling.open(pool, jobs)) {
                scheduling.start();
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (ws.outboxFiles() == 0 && System.nanoTime() < deadline) Thread.sleep(10);
            }
            long firstPart = ws.outboxFiles();
            assertTrue(firstPart >= 1 && firstPart < 12, "stopped half-way: " + firstPart + " sent; " + ws.runs() + " " + summaries);
            assertEquals(Map.of(runId, "sending"), ws.runs(), "the late run is the missed slot's run");
            assertEquals(Map.of("planned", 12 - (int) firstPart, "sent", (int) firstPart), ws.deliveries(runId),
                    "the messages in flight finished; the rest stay queued");

            // The same slot fires again (another restart after a miss): the same run resumes.
            SchedulingTest.missedWhileDown(pool, SendJob.NAME, slot);
            try (Scheduling scheduling = Scheduling.open(pool, jobs)) {
                scheduling.start();
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (summaries.size() < 2 && System.nanoTime() < deadline) Thread.sleep(10);
            }
            assertEquals(2, summaries.size());
            assertEquals(runId, summaries.get(1).runId());
            assertEquals(Map.of(runId, "finished"), ws.runs());
            assertEquals(Map.of("sent", 12), ws.deliveries(runId));
            assertEquals(12, ws.outboxFiles(), "each customer got the note once");
        }
    }
}
