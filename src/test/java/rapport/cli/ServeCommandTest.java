package rapport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rapport.config.RapportConfig;
import rapport.store.Database;

/**
 * {@code rapport serve} as an operator runs it: a child JVM, stopped with SIGTERM. The schedule
 * outlives the process, a slot missed while it was down is sent late, and SIGTERM in the middle
 * of that send finishes the messages in flight, keeps the rest queued and exits 0.
 */
class ServeCommandTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @TempDir Path dir;

    private Path ws;

    @Test
    void aSlotMissedWhileDownIsSentLateAndSigtermLeavesTheRestQueued() throws Exception {
        ws = CliRun.sample().smtpMaxPerSecond(5).write(dir.resolve("ws"));
        LocalDate joined = LocalDate.now(NEW_YORK).minusDays(10);
        StringBuilder csv = new StringBuilder("email,first_name,stage,joined_at\n");
        for (int i = 0; i < 20; i++) csv.append("c%02d@example.com,Name%d,new,%s\n".formatted(i, i, joined));
        Files.writeString(ws.resolve("new.csv"), csv);
        assertEquals(0, CliRun.run(ws, "import", ws.resolve("new.csv").toString()).exit());

        ServeProcess first = ServeProcess.start(dir, ws, "first");
        ServeProcess.await(() -> first.printed("next send"), "serve prints when the next send fires");
        assertTrue(first.stdout().contains("next send Tue"), first.stdout());
        assertEquals(0, first.terminate(), first.stderr());
        assertTrue(first.stderr().contains("stopping"), first.stderr());

        // The machine was off at this week's slot: the stored trigger still waits for it.
        ZonedDateTime now = ZonedDateTime.now(NEW_YORK);
        ZonedDateTime slot = now.with(TemporalAdjusters.previousOrSame(DayOfWeek.TUESDAY))
                .withHour(9).withMinute(0).withSecond(0).withNano(0);
        if (slot.isAfter(now)) slot = slot.minusWeeks(1);
        assertEquals(1, sql("update qrtz_triggers set next_fire_time = ? where trigger_name = 'send'",
                slot.toInstant().toEpochMilli()));
        String runId = slot.toLocalDate().toString().replace("-", "");

        ServeProcess second = ServeProcess.start(dir, ws, "second");
        ServeProcess.await(() -> outbox() > 0, "the missed send starts on start-up");
        assertEquals(0, second.terminate(), second.stderr());
        assertTrue(second.stdout().contains("run " + runId + ": sending"), second.stdout());
        assertFalse(second.stderr().contains("closed"), second.stderr());
        Map<String, Integer> states = deliveries(runId);
        int sent = states.getOrDefault("sent", 0);
        assertEquals(outbox(), sent, "each message written is recorded sent");
        assertTrue(sent >= 1 && states.getOrDefault("planned", 0) >= 1, "stopped half-way: " + states);
        assertEquals(20, sent + states.getOrDefault("planned", 0), "the rest stay queued: " + states);
    }

    private long outbox() {
        Path outbox = ws.resolve("outbox");
        if (!Files.isDirectory(outbox)) return 0;
        try (Stream<Path> files = Files.list(outbox)) {
            return files.filter(f -> f.toString().endsWith(".eml")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** The workspace database, opened and closed the way every command does (through serve while it runs). */
    private Database open() {
        return Database.open(new RapportConfig.Database("jdbc:h2:file:" + ws.resolve("data/rapport") + ";AUTO_SERVER=TRUE", "sa", ""), 1);
    }

    private int sql(String update, Object... params) throws SQLException {
        try (Database db = open(); Connection c = db.dataSource().getConnection(); PreparedStatement st = c.prepareStatement(update)) {
            for (int i = 0; i < params.length; i++) st.setObject(i + 1, params[i]);
            return st.executeUpdate();
        }
    }

    private Map<String, Integer> deliveries(String runId) throws SQLException {
        Map<String, Integer> states = new LinkedHashMap<>();
        try (Database db = open(); Connection c = db.dataSource().getConnection();
             PreparedStatement st = c.prepareStatement("select state, count(*) from deliveries where run_id = ? group by state")) {
            st.setString(1, runId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) states.put(rs.getString(1), rs.getInt(2));
            }
        }
        return states;
    }
}
