package rapport.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rapport.customer.Status;
import rapport.delivery.ScriptedSmtpServer.Phase;

/**
 * Refusals at send time read by the same reason rules as bounce mail, from a real SMTP server on
 * loopback: a refusal about the sender (5.7.26, spam, a block list) fails the note but never
 * bounces the customer, and enough of them pause the run with what to check; a full mailbox is
 * no bounce either.
 */
class SenderRefusalsAtSendTest {
    @TempDir Path dir;
    private ScriptedSmtpServer server;
    private SendFixture fixture;
    private List<String> emails;

    private void open() throws IOException {
        server = new ScriptedSmtpServer();
        fixture = SendFixture.open(dir, SendFixture.Settings.h2(dir, server.port()).timeoutSeconds(3));
        emails = fixture.importCustomers(20);
    }

    @AfterEach
    void stop() {
        if (fixture != null) fixture.close();
        if (server != null) server.close();
    }

    private SendSummary send() throws InterruptedException {
        return fixture.sendRun(SendFixture.options(4, 0, 0)).run(SendFixture.AS_OF, n -> { });
    }

    @Test
    void gmailRefusingAnUnauthenticatedSenderPausesTheRunAndSuppressesNobody() throws Exception {
        open();
        server.script((phase, rcpt, attempt) -> phase == Phase.RCPT ? "550 5.7.26 This mail is unauthenticated, which poses a"
                + " security risk to the sender and Gmail users, and has been blocked." : null);

        SendSummary summary = send();

        assertEquals(RunState.PAUSED, summary.state(), summary.toString());
        assertEquals(0, summary.bounced());
        assertTrue(summary.note().matches("1\\d refusals about the sender \\(authentication: 550 5\\.7\\.26 .*\\): check your DKIM/SPF/DMARC"
                + " setup; the customers stay active"), summary.note());
        for (String email : emails) assertEquals(Status.ACTIVE, fixture.customer(email).status(), email);
        long failed = fixture.deliveries().values().stream().filter(row -> row.state().equals("failed")).count();
        assertEquals(summary.failed(), failed);
        fixture.deliveries().values().stream().filter(row -> row.state().equals("failed"))
                .forEach(row -> assertTrue(row.reason().startsWith("refused about the sender (authentication): 550"), row.reason()));
    }

    @Test
    void oneSpamRefusalFailsThatNoteOnlyAndTheRunFinishes() throws Exception {
        open();
        String troubled = SendFixture.email(3);
        server.script((phase, rcpt, attempt) -> phase == Phase.RCPT && troubled.equals(rcpt)
                ? "550 5.7.1 Message rejected as spam by Content Filtering" : null);

        SendSummary summary = send();

        assertEquals(RunState.FINISHED, summary.state(), summary.toString());
        assertEquals(19, summary.sent());
        assertEquals(1, summary.failed());
        assertEquals(Status.ACTIVE, fixture.customer(troubled).status());
        assertTrue(fixture.deliveries().get(troubled).reason().startsWith("refused about the sender (spam detected)"),
                fixture.deliveries().get(troubled).reason());
    }

    @Test
    void aFullMailboxRefusedAtTheRecipientIsNoBounce() throws Exception {
        open();
        String full = SendFixture.email(5);
        server.script((phase, rcpt, attempt) -> phase == Phase.RCPT && full.equals(rcpt) ? "552 5.2.2 Mailbox full" : null);

        SendSummary summary = send();

        assertEquals(RunState.FINISHED, summary.state());
        assertEquals(0, summary.bounced());
        assertEquals("failed", fixture.deliveries().get(full).state());
        assertEquals(Status.ACTIVE, fixture.customer(full).status());
    }
}
