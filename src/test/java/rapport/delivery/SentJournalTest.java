package rapport.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rapport.store.LedgerStore;

/**
 * The journal beside an embedded database: what a process noted there as accepted by the server,
 * but never got into the ledger (it died), is recorded before its claims are handed back, once,
 * however often it is replayed; what it had not noted goes back to the queue.
 */
class SentJournalTest {
    @TempDir Path dir;
    private SendFixture fixture;

    @BeforeEach
    void open() throws Exception {
        fixture = SendFixture.open(dir, SendFixture.Settings.h2(dir, 2525));
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void messagesNotedByADeadSenderAreRecordedOnceAndTheRestGoBackToTheQueue() throws Exception {
        List<String> emails = fixture.importCustomers(3);
        Instant now = Instant.now();
        LedgerStore ledger = new LedgerStore(fixture.database);
        List<Long> ids = ids(emails);
        List<Ledger.Claim> claims = claimAll(ledger, "dead-process", ids, now);
        assertEquals(3, claims.size());

        // The process noted the first two as accepted, then died before its group commit.
        note("dead-process", claims.subList(0, 2), now);
        Path journal = dir.resolve("data").resolve("rapport.journal");
        assertEquals(1, segments(journal), "the journal is kept for the next process");

        // Its claims are handed back only after what it noted is recorded, as a heartbeat does: on
        // real time a minute on, when the dead process's claims are long stale.
        Heartbeat beat = Heartbeat.start(ledger, ledger.durability(), java.time.Clock.offset(java.time.Clock.systemUTC(),
                Duration.ofSeconds(60)), SendFixture.options(1, 0, 0), SendFixture.RUN, "living-process");
        try {
            assertEquals(1, beat.reclaimStale(), "only the row it had not sent");
        } finally {
            beat.close();
        }
        Map<String, SendFixture.Row> rows = fixture.deliveries();
        assertEquals("sent", rows.get(emails.get(0)).state());
        assertEquals(messageId(ids.get(0)), rows.get(emails.get(0)).messageId());
        assertEquals("sent", rows.get(emails.get(1)).state());
        assertEquals("planned", rows.get(emails.get(2)).state());
        assertEquals(0, segments(journal), "a replayed journal is gone");

        // Replaying the same note again (a second process raced for it) records nothing twice.
        note("another-dead-process", claims.subList(0, 1), now);
        assertEquals(1, ledger.durability().recover(), "the next run to open replays what dead processes left");
        assertEquals(0, segments(journal));
        for (String email : emails.subList(0, 2)) {
            assertEquals(1, fixture.timeline(email).stream().filter(e -> e.type().equals("sent")).count(), email);
        }
        assertEquals(0, fixture.timeline(emails.get(2)).size());
    }

    @Test
    void aLineRapportDidNotWriteIsNamedInTheLogAndTheOthersAreStillRecorded() throws Exception {
        List<String> emails = fixture.importCustomers(2);
        Instant now = Instant.now();
        LedgerStore ledger = new LedgerStore(fixture.database);
        note("dead-process", claimAll(ledger, "dead-process", ids(emails), now), now);
        Path journal = dir.resolve("data").resolve("rapport.journal");
        Path segment;
        try (Stream<Path> files = Files.list(journal)) {
            segment = files.filter(f -> f.toString().endsWith(".sent")).findFirst().orElseThrow();
        }
        // Someone edited the file: a foreign line between the two that Rapport wrote.
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(segment));
        lines.add(1, "not a journal line");
        Files.write(segment, lines);

        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("rapport.store.SentJournal");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> seen = new ch.qos.logback.core.read.ListAppender<>();
        seen.start();
        log.addAppender(seen);
        try {
            assertEquals(2, ledger.durability().recover(), "both noted rows were recorded");
            assertEquals(0, ledger.reclaimStale(SendFixture.RUN, now.plusSeconds(60)), "none handed back");
        } finally {
            log.detachAppender(seen);
        }
        Map<String, SendFixture.Row> rows = fixture.deliveries();
        for (String email : emails) assertEquals("sent", rows.get(email).state(), email);
        assertEquals(1, seen.list.size(), seen.list.toString());
        String warning = seen.list.get(0).getFormattedMessage();
        assertTrue(warning.startsWith(segment + ":2: journal line not replayed") && warning.endsWith("not a journal line"), warning);
    }

    private List<Long> ids(List<String> emails) {
        return emails.stream().map(e -> fixture.customer(e).id()).toList();
    }

    private static List<Ledger.Claim> claimAll(LedgerStore ledger, String process, List<Long> ids, Instant now) {
        SendFixture.planAll(ledger, process, ids, now);
        return ledger.claim(SendFixture.RUN, process, process + "/0", ids.size(), now);
    }

    /** Notes messages in a journal whose writer then stops without recording them, as a killed one does. */
    private void note(String process, List<Ledger.Claim> claims, Instant now) {
        try (JournaledSends.Journal journal = fixture.database.journals().orElseThrow().open(process)) {
            for (Ledger.Claim claim : claims) {
                journal.note(SendFixture.RUN, new Ledger.Outcome.Sent(claim.customerId(), claim.piece(), "tip",
                        messageId(claim.customerId()), now));
            }
        }
    }

    private static String messageId(long customerId) {
        return "<m" + customerId + "@kosmima.example>";
    }

    private static long segments(Path journal) throws Exception {
        if (!Files.isDirectory(journal)) return 0;
        try (Stream<Path> files = Files.list(journal)) {
            return files.filter(f -> f.toString().endsWith(".sent")).count();
        }
    }
}
