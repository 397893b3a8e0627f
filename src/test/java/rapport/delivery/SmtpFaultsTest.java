package rapport.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import rapport.config.RapportConfig;
import rapport.customer.Status;
import rapport.customer.TimelineEvent;
import rapport.delivery.ScriptedSmtpServer.Phase;

/** SMTP faults from a real server on loopback that answers what each test chooses. */
class SmtpFaultsTest {
    private static final String TROUBLED = SendFixture.email(3);

    @TempDir Path dir;
    private ScriptedSmtpServer server;
    private SendFixture fixture;
    private List<String> emails;

    private void open(ScriptedSmtpServer smtp, int timeoutSeconds) throws IOException {
        server = smtp;
        fixture = SendFixture.open(dir, SendFixture.Settings.h2(dir, smtp.port()).timeoutSeconds(timeoutSeconds));
        emails = fixture.importCustomers(20);
    }

    private void open() throws IOException {
        open(new ScriptedSmtpServer(), 3);
    }

    @AfterEach
    void stop() {
        if (fixture != null) fixture.close();
        if (server != null) server.close();
    }

    private SendSummary send() throws InterruptedException {
        return fixture.sendRun(SendFixture.options(4, 0, 0)).run(SendFixture.AS_OF, n -> { });
    }

    private void assertEveryoneGotExactlyOne() {
        Map<String, Integer> counts = new HashMap<>();
        server.acceptedRecipients().forEach(r -> counts.merge(r, 1, Integer::sum));
        assertEquals(emails.size(), counts.size(), counts.toString());
        emails.forEach(e -> assertEquals(1, counts.get(e), e + " got " + counts.get(e) + " messages"));
        fixture.deliveries().values().forEach(row -> assertEquals("sent", row.state(), row.toString()));
        emails.forEach(e -> assertEquals(Status.ACTIVE, fixture.customer(e).status(), e));
    }

    @Test
    void aTemporaryFailureIsRetriedWithBackoffAndThenDelivered() throws Exception {
        open();
        server.script((phase, rcpt, attempt) -> phase == Phase.RCPT && rcpt.equals(TROUBLED) && attempt < 3
                ? "451 4.3.0 try again later" : null);

        SendSummary summary = send();

        assertEquals(RunState.FINISHED, summary.state());
        assertEquals(20, summary.sent());
        assertEveryoneGotExactlyOne();
        List<Instant> tries = server.rcptAttempts(TROUBLED);
        assertEquals(3, tries.size());
        // The backoff counts from the start of the failed try, so a gap can be a little short of it.
        long firstGap = Duration.between(tries.get(0), tries.get(1)).toMillis();
        long secondGap = Duration.between(tries.get(1), tries.get(2)).toMillis();
        assertTrue(firstGap >= 80, "first backoff 100 ms: " + tries);
        assertTrue(secondGap >= 160 && secondGap > firstGap, "the backoff doubles: " + tries);
    }

    @Test
    void aRecipientThatKeepsFailingTemporarilyCountsAsFailedAfterTheBound() throws Exception {
        open();
        server.script((phase, rcpt, attempt) -> phase == Phase.RCPT && rcpt.equals(TROUBLED) ? "452 4.2.2 mailbox full" : null);

        SendSummary summary = send();

        assertEquals(RunState.FINISHED, summary.state());
        assertEquals(19, summary.sent());
        assertEquals(1, summary.failed());
        assertEquals(3, server.rcptAttempts(TROUBLED).size(), "tried exactly maxAttempts times");
        SendFixture.Row row = fixture.deliveries().get(TROUBLED);
        assertEquals("failed", row.state());
        assertEquals(3, row.attempts());
        assertTrue(row.reason().contains("452"), row.reason());
        assertEquals(Status.ACTIVE, fixture.customer(TROUBLED).status(), "a full mailbox is not a bounce");
        assertFalse(server.acceptedRecipients().contains(TROUBLED));
        assertEquals(19, server.accepted().size());
    }

    @Test
    void aPermanentRefusalBouncesTheCustomerAndIsNeverRetried() throws Exception {
        open();
        // One in the middle of a claim of 20 and the very last one: the worker claims again right after it.
        List<String> refused = List.of(TROUBLED, SendFixture.email(19));
        server.script((phase, rcpt, attempt) -> phase == Phase.RCPT && refused.contains(rcpt) ? "550 5.1.1 no such user" : null);

        SendSummary summary = send();

        assertEquals(RunState.FINISHED, summary.state());
        assertEquals(18, summary.sent());
        assertEquals(2, summary.bounced());
        for (String email : refused) {
            assertEquals(1, server.rcptAttempts(email).size(), email + ": a 5xx is never retried");
            SendFixture.Row row = fixture.deliveries().get(email);
            assertEquals("bounced", row.state());
            assertTrue(row.reason().contains("550"), row.reason());
            assertEquals(Status.BOUNCED, fixture.customer(email).status());
            List<TimelineEvent> timeline = fixture.timeline(email);
            assertEquals(List.of("bounce"), timeline.stream().map(TimelineEvent::type).toList());
            assertFalse(server.acceptedRecipients().contains(email));
        }
        assertEquals(18, server.accepted().size());
    }

    @Test
    void aConnectionLostAtTheRecipientIsNotABounceAndTheCustomerIsMailedOnce() throws Exception {
        open();
        server.script((phase, rcpt, attempt) -> phase == Phase.RCPT && rcpt.equals(TROUBLED) && attempt == 1
                ? ScriptedSmtpServer.DROP : null);

        SendSummary summary = send();

        assertEquals(RunState.FINISHED, summary.state());
        assertEquals(20, summary.sent());
        assertEquals(2, server.rcptAttempts(TROUBLED).size());
        assertEveryoneGotExactlyOne();
        assertEquals(List.of("sent"), fixture.timeline(TROUBLED).stream().map(TimelineEvent::type).toList());
    }

    @Test
    void aServerThatRefusesEveryoneAtTheGreetingPausesTheRunAndTheNextRunCompletesOnceItIsHealthy() throws Exception {
        open();
        server.script((phase, rcpt, attempt) -> phase == Phase.GREETING ? "421 4.3.2 too busy, come back later" : null);

        SendSummary paused = send();

        assertEquals(RunState.PAUSED, paused.state(), paused.toString());
        assertTrue(paused.paused());
        assertEquals(0, paused.sent());
        assertEquals(20, paused.waiting());
        assertTrue(paused.note() != null && paused.note().contains("421"), paused.note());
        assertEquals(0, server.accepted().size());
        assertEquals(0, paused.failed() + paused.bounced(), "nobody is blamed for the server's refusal");

        server.heal();
        SendSummary resumed = send();
        assertEquals(RunState.FINISHED, resumed.state());
        assertEquals(20, resumed.sent());
        assertEveryoneGotExactlyOne();
    }

    @ParameterizedTest(name = "{1} at {0}")
    @CsvSource({"MAIL, 550 5.7.1 sender rejected", "MAIL, 451 4.7.1 sender temporarily rejected",
                "RCPT, 421 4.3.2 shutting down"})
    void aServerThatRefusesEveryMessagePausesTheRunWithoutBlamingTheCustomers(Phase at, String refusal) throws Exception {
        open();
        server.script((phase, rcpt, attempt) -> phase == at ? refusal : null);

        SendSummary paused = send();

        assertEquals(RunState.PAUSED, paused.state(), paused.toString());
        assertEquals(0, paused.sent());
        assertEquals(0, paused.failed() + paused.bounced() + paused.skipped(), paused.toString());
        assertEquals(0, server.accepted().size());

        server.heal();
        SendSummary resumed = send();
        assertEquals(RunState.FINISHED, resumed.state());
        assertEquals(20, resumed.sent());
        assertEveryoneGotExactlyOne();
    }

    @Test
    void aRefusedConnectionPausesTheRunAndItResumesOnceTheServerIsUp() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        fixture = SendFixture.open(dir, SendFixture.Settings.h2(dir, port));
        emails = fixture.importCustomers(20);

        SendSummary paused = send();
        assertEquals(RunState.PAUSED, paused.state());
        assertEquals(20, paused.waiting());
        assertTrue(paused.note().contains("cannot connect"), paused.note());

        server = new ScriptedSmtpServer(port);
        SendSummary resumed = send();
        assertEquals(RunState.FINISHED, resumed.state());
        assertEveryoneGotExactlyOne();
    }

    @Test
    void aServerThatClosesEveryConnectionAtOncePausesTheRun() throws Exception {
        open();
        server.mode(ScriptedSmtpServer.Mode.CLOSE_AT_ONCE);

        SendSummary paused = send();
        assertEquals(RunState.PAUSED, paused.state());
        assertEquals(0, paused.sent());

        server.heal();
        assertEquals(RunState.FINISHED, send().state());
        assertEveryoneGotExactlyOne();
    }

    @Test
    void aServerThatDiesMidRunPausesItAndTheNextRunSendsOnlyWhatIsLeft() throws Exception {
        open();
        server.dropConnectionsAfter(7, Integer.MAX_VALUE);

        SendSummary paused = send();

        assertEquals(RunState.PAUSED, paused.state());
        int delivered = server.accepted().size();
        assertTrue(delivered >= 7, "messages in flight when it died may have made it too: " + delivered);
        assertEquals(delivered, paused.sent(), "sent is exactly what the server accepted");
        assertEquals(20 - delivered, paused.waiting());

        server.heal();
        SendSummary resumed = send();
        assertEquals(RunState.FINISHED, resumed.state());
        assertEquals(20, resumed.sent());
        assertEveryoneGotExactlyOne();
    }

    @Test
    void aConnectionDroppedOnceIsReopenedAndTheRunFinishes() throws Exception {
        open();
        server.dropConnectionsAfter(5, 2);

        SendSummary summary = send();

        assertEquals(RunState.FINISHED, summary.state());
        assertEquals(20, summary.sent());
        assertEveryoneGotExactlyOne();
        assertTrue(server.connections() >= 3, "both dropped connections were opened again: " + server.connections());
    }

    @Test
    void aServerThatAcceptsButNeverAnswersFailsTheSendWithinTheTimeoutInsteadOfHanging() throws Exception {
        open(new ScriptedSmtpServer().mode(ScriptedSmtpServer.Mode.NEVER_ANSWER), 1);
        SendOptions oneWorker = new SendOptions(1, 0, 0, 20, 3, Duration.ofMillis(100), 2, Duration.ofMillis(200), Duration.ofSeconds(1));

        long start = System.nanoTime();
        SendSummary paused = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> fixture.sendRun(oneWorker).run(SendFixture.AS_OF, n -> { }));
        double seconds = (System.nanoTime() - start) / 1e9;

        assertEquals(RunState.PAUSED, paused.state());
        assertEquals(0, paused.sent());
        // Two connection attempts of smtp.timeout_seconds = 1 each, plus a short pause between them.
        assertTrue(seconds >= 1.9, "it waited for the timeout: " + seconds + " s");
        assertTrue(seconds < 10, "a silent server must not hold the send: " + seconds + " s");
        assertTrue(paused.note().toLowerCase(java.util.Locale.ROOT).contains("timed out"), paused.note());
    }

    @Test
    void aServerThatStopsReadingInTheMiddleOfAMessageFailsTheSendWithinTheTimeout() throws Exception {
        server = new ScriptedSmtpServer().mode(ScriptedSmtpServer.Mode.STALL_IN_DATA);
        SmtpMailer mailer = new SmtpMailer(new RapportConfig.Smtp(Optional.of("127.0.0.1"), server.port(),
                RapportConfig.Tls.NONE, "", "", 1, 0, 1, dir.resolve("outbox")));
        // Far more than loopback's socket buffers hold: the write blocks once they are full.
        MimeMessage big = new MimeMessage(mailer.session());
        big.setFrom("hello@kosmima.example");
        big.setText("A line of a long note.\n".repeat(2_000_000), "US-ASCII");
        big.saveChanges();

        Mailer.Channel channel = mailer.open();
        long start = System.nanoTime();
        Mailer.Answer answer = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> channel.send(big, "bounce@kosmima.example", TROUBLED));
        double seconds = (System.nanoTime() - start) / 1e9;
        channel.close();

        Mailer.Answer.Refused failed = assertInstanceOf(Mailer.Answer.Refused.class, answer);
        assertEquals(Mailer.Refusal.CONNECTION, failed.refusal(), failed.reason());
        assertTrue(seconds >= 0.9, "it waited for the timeout: " + seconds + " s");
        assertTrue(seconds < 10, "a server that stopped reading must not hold the send: " + seconds + " s");
        assertTrue(server.accepted().isEmpty());
    }

    @Test
    void aHealthyConnectionBusyForLongerThanTheTimeoutIsNeverCutByTheTimersOfEarlierWrites() throws Exception {
        // Each message takes 150 ms to be accepted; 20 of them keep one connection busy for about
        // three times smtp.timeout_seconds. A write's timer, once its write is done, must not fire.
        open(new ScriptedSmtpServer().script((phase, recipient, attempt) -> {
            if (phase == Phase.MESSAGE) {
                try {
                    Thread.sleep(150);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return null;
        }), 1);
        SendOptions oneWorker = new SendOptions(1, 0, 0, 20, 3, Duration.ofMillis(100), 2, Duration.ofMillis(200), Duration.ofSeconds(1));

        SendSummary summary = fixture.sendRun(oneWorker).run(SendFixture.AS_OF, n -> { });

        assertEquals(RunState.FINISHED, summary.state(), summary.note());
        assertEveryoneGotExactlyOne();
        assertEquals(1, server.connections(), "one connection served the whole run");
    }
}
