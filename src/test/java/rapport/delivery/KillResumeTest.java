package rapport.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rapport send} killed with SIGKILL at random moments, ten times, each time started
 * again, then run to the end: every due customer ends with exactly one delivered message. The
 * only duplicates allowed are the messages in flight at a kill (accepted by the server, not yet
 * recorded): at most one per SMTP connection per kill, and a resend carries the same Message-ID.
 * Real processes (the command in a child JVM), a real SMTP server (GreenMail), an H2 file.
 *
 * <p>The first kill aims at planning, the later ones at start-up or, mostly, at a random point
 * of what is left to send (seeded, so a failure can be replayed). Where a process is, is read
 * from its thread names in Linux's {@code /proc}; elsewhere the test falls back on timing.
 * After each kill the server's count of messages from that process is set against the ledger's
 * count of sent rows it left: the difference is what was in flight.
 *
 * <p>A killed process's claims come back only once its heartbeat is stale (10 s by default), so
 * the run after a kill waits that long for them; the test takes a minute or two.
 */
class KillResumeTest {
    private static final int CUSTOMERS = 2000;
    private static final int CONNECTIONS = 4;
    private static final int KILLS = 10;
    private static final long SEED = 20261124L;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;
    private GreenMail greenMail;
    private Thread.UncaughtExceptionHandler uncaught;
    private final AtomicInteger brokenSessions = new AtomicInteger();

    @BeforeEach
    void startSmtp() {
        // A killed client leaves the server's session thread with a broken connection, which
        // GreenMail throws out of the thread: expected here, so counted instead of printed.
        uncaught = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (thread.getName().startsWith("smtp:")) {
                brokenSessions.incrementAndGet();
            } else if (uncaught != null) {
                uncaught.uncaughtException(thread, e);
            } else {
                e.printStackTrace();
            }
        });
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        greenMail.start();
    }

    @AfterEach
    void stopSmtp() {
        greenMail.stop();
        Thread.setDefaultUncaughtExceptionHandler(uncaught);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aSendKilledTenTimesAtRandomMomentsStillMailsEveryDueCustomerOnceButForMessagesInFlight() throws Exception {
        KillResumeWorkspace ws = KillResumeWorkspace.create(dir.resolve("ws"), greenMail.getSmtp().getPort(), CONNECTIONS);
        Path csv = dir.resolve("customers.csv");
        List<String> emails = ws.writeCustomers(csv, CUSTOMERS);
        JsonNode imported = finish(ws.start("import", csv.toString(), "--json"));
        assertEquals(CUSTOMERS, imported.get("imported").asInt(), imported.toString());

        // A dry run plans in memory: roughly how long a process takes to start, and at most how long
        // it plans (the dry run also runs every note's templates, which planning does not).
        KillResumeWorkspace.Child dry = ws.start("send", "--as-of", KillResumeWorkspace.AS_OF, "--dry-run", "--json");
        JsonNode plan = finish(dry);
        assertEquals(CUSTOMERS, plan.get("due").asInt(), plan.toString());
        int planMillis = (int) Math.max(50, Math.round(plan.get("seconds").asDouble() * 1000));
        long startMillis = Math.max(300, millisSince(dry.startedNanos()) - planMillis);

        Random random = new Random(SEED);
        List<Kill> kills = new ArrayList<>();
        List<Map<String, Integer>> afterRound = new ArrayList<>();
        KillResumeWorkspace.RunState ledger = ws.runState();
        for (int round = 1; round <= KILLS; round++) {
            int before = greenMail.getReceivedMessages().length;
            int left = CUSTOMERS - perRecipient().size();
            KillResumeWorkspace.Child child = ws.start("send", "--as-of", KillResumeWorkspace.AS_OF, "--json");
            // The first kill aims at planning; the later ones at start-up now and then, mostly at sending.
            String aim = round == 1 ? "planning" : random.nextInt(4) == 0 ? "start-up" : "sending";
            switch (aim) {
                case "planning" -> {
                    if (awaitPlanning(child)) {
                        startMillis = millisSince(child.startedNanos());
                        log("round %d: planning began at %d ms", round, startMillis);
                        child.process().waitFor(random.nextInt(planMillis / 3 + 1), TimeUnit.MILLISECONDS);
                    } else {
                        sleepUntil(child, startMillis + random.nextInt(2 * planMillis + 1));
                    }
                }
                case "start-up" -> sleepUntil(child, Math.round(startMillis * (0.2 + 0.7 * random.nextDouble())));
                default -> {
                    // A random moment in what this round could send, leaving work for the later rounds.
                    int target = 1 + random.nextInt(Math.max(1, left / (KILLS - round + 2)));
                    int jitter = random.nextInt(40);
                    awaitReceived(child, before + target);
                    Thread.sleep(jitter);
                }
            }
            KillResumeWorkspace.Phase phase = KillResumeWorkspace.phase(child.process());
            long at = millisSince(child.startedNanos());
            assertTrue(child.process().isAlive(), "round " + round + ": the send ended before its kill: "
                    + child.stdout() + child.stderr());
            child.process().destroyForcibly();
            assertTrue(child.process().waitFor(30, TimeUnit.SECONDS), "a killed process is gone");
            awaitQuietSmtp();
            int sentBefore = ledger.rows("sent");
            ledger = ws.runState();
            Kill kill = new Kill(round, aim, phase, at, greenMail.getReceivedMessages().length - before,
                    ledger.rows("sent") - sentBefore, ledger);
            kills.add(kill);
            afterRound.add(perRecipient());
            log("%s", kill);
        }

        JsonNode summary = finish(ws.start("send", "--as-of", KillResumeWorkspace.AS_OF, "--json"));
        log("final send: %s; %d SMTP sessions broken by the kills", summary, brokenSessions.get());
        afterRound.add(perRecipient());

        assertEquals("finished", summary.get("state").asText(), summary.toString());
        assertEquals(CUSTOMERS, summary.get("due").asInt(), summary.toString());
        assertEquals(CUSTOMERS, summary.get("sent").asInt(), summary.toString());

        Map<String, List<String>> ids = messageIds();
        Map<String, List<String>> duplicates = new TreeMap<>();
        for (String email : emails) {
            List<String> got = ids.getOrDefault(email, List.of());
            assertTrue(got.size() >= 1, email + " got nothing");
            if (got.size() > 1) duplicates.put(email, got);
        }
        log("%d messages for %d customers; %d customers got more than one", greenMail.getReceivedMessages().length,
                ids.size(), duplicates.size());
        assertEquals(CUSTOMERS, ids.size(), "messages only to the due customers");

        // Nothing lost: every customer got a message (above), and the ledger has each sent once.
        Map<String, String[]> rows = ws.deliveries();
        assertEquals(CUSTOMERS, rows.size(), "one ledger row per customer");
        for (String email : emails) {
            String[] row = rows.get(email);
            assertEquals("sent", row[0], email);
            assertEquals(ids.get(email).get(0), row[1], email + ": the ledger's Message-ID is the one delivered");
        }
        Map<String, Integer> events = ws.sentEvents();
        for (String email : emails) assertEquals(1, events.getOrDefault(email, 0), email + " has one 'sent' event");

        // Nothing sent twice but what was in flight at a kill.
        for (Kill kill : kills) {
            assertTrue(kill.received() - kill.recorded() <= CONNECTIONS, "kill " + kill.round() + ": the server accepted "
                    + kill.received() + " messages of that process, but the ledger has " + kill.recorded()
                    + " of them as sent: more than one in flight per connection, or committed outcomes lost at the kill. " + kills);
        }
        assertTrue(duplicates.size() <= CONNECTIONS * KILLS, "at most one message in flight per connection per kill: "
                + duplicates.size() + " customers got more than one");
        duplicates.forEach((email, got) -> assertEquals(1, Set.copyOf(got).size(), email + ": a resend has the same Message-ID: " + got));
        assertInFlightAtKills(duplicates.keySet(), afterRound);

        // The kills landed where they aimed (the ledger of a run killed in planning still says so).
        if (KillResumeWorkspace.phasesVisible()) {
            assertTrue(kills.stream().anyMatch(k -> k.phase() == KillResumeWorkspace.Phase.PLANNING
                    && "planning".equals(k.ledger().state())), "a kill landed in planning: " + kills);
            assertTrue(kills.stream().anyMatch(k -> k.phase() == KillResumeWorkspace.Phase.SENDING && k.received() > 0),
                    "kills landed while sending: " + kills);
        }
    }

    /** One kill: what it aimed at, where the process was, what the server got and what the ledger kept. */
    private record Kill(int round, String aim, KillResumeWorkspace.Phase phase, long atMillis, int received, int recorded,
                        KillResumeWorkspace.RunState ledger) {
        @Override
        public String toString() {
            return "kill %2d (aim %s) at %5d ms in %s: %d messages accepted by the server, %d recorded; ledger %s"
                    .formatted(round, aim, atMillis, phase, received, recorded, ledger);
        }
    }

    /**
     * A duplicate's first copy went out in a round that was killed, and no round put more than
     * one duplicate per connection into flight; the last send, which ran to its end, none.
     */
    private static void assertInFlightAtKills(Set<String> duplicates, List<Map<String, Integer>> afterRound) {
        int[] firstSeen = new int[afterRound.size()];
        for (String email : duplicates) {
            for (int r = 0; r < afterRound.size(); r++) {
                if (afterRound.get(r).getOrDefault(email, 0) > 0) {
                    firstSeen[r]++;
                    break;
                }
            }
        }
        for (int r = 0; r < afterRound.size(); r++) {
            assertTrue(firstSeen[r] <= CONNECTIONS, "round " + (r + 1) + " put " + firstSeen[r] + " duplicates in flight");
        }
        assertEquals(0, firstSeen[afterRound.size() - 1], "the send that was not killed sent nothing twice");
    }

    private static JsonNode finish(KillResumeWorkspace.Child child) throws Exception {
        assertTrue(child.process().waitFor(120, TimeUnit.SECONDS), "the command finished in time");
        String out = child.stdout();
        assertEquals(0, child.process().exitValue(), "exit code; stdout: " + out + " stderr: " + child.stderr());
        return JSON.readTree(out);
    }

    /** Sleeps until {@code millis} after the child started, or until it ended. */
    private static void sleepUntil(KillResumeWorkspace.Child child, long millis) throws InterruptedException {
        long wait = millis - millisSince(child.startedNanos());
        if (wait > 0) child.process().waitFor(wait, TimeUnit.MILLISECONDS);
    }

    /** Waits until the run's heartbeat thread shows that planning begins; false when that cannot be seen. */
    private static boolean awaitPlanning(KillResumeWorkspace.Child child) throws InterruptedException {
        if (!KillResumeWorkspace.phasesVisible()) return false;
        while (child.process().isAlive() && KillResumeWorkspace.phase(child.process()) == KillResumeWorkspace.Phase.START_UP) {
            Thread.sleep(2);
        }
        return true;
    }

    /** Waits until the SMTP server holds {@code count} messages, or the child ended. */
    private void awaitReceived(KillResumeWorkspace.Child child, int count) throws InterruptedException {
        while (child.process().isAlive() && greenMail.getReceivedMessages().length < count) Thread.sleep(20);
    }

    /** Waits until the server has stored whatever the killed process's connections had delivered. */
    private void awaitQuietSmtp() throws InterruptedException {
        int last = -1;
        int now = greenMail.getReceivedMessages().length;
        while (now != last) {
            Thread.sleep(300);
            last = now;
            now = greenMail.getReceivedMessages().length;
        }
    }

    private Map<String, Integer> perRecipient() throws MessagingException {
        Map<String, Integer> counts = new HashMap<>();
        for (MimeMessage m : greenMail.getReceivedMessages()) counts.merge(recipient(m), 1, Integer::sum);
        return counts;
    }

    private Map<String, List<String>> messageIds() throws MessagingException {
        Map<String, List<String>> ids = new HashMap<>();
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            ids.computeIfAbsent(recipient(m), k -> new ArrayList<>()).add(m.getMessageID());
        }
        return ids;
    }

    private static String recipient(MimeMessage m) throws MessagingException {
        Address[] to = m.getRecipients(MimeMessage.RecipientType.TO);
        return ((InternetAddress) to[0]).getAddress().toLowerCase();
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static void log(String format, Object... args) {
        System.out.printf("KillResumeTest: " + format + "%n", args);
    }
}
