package rapport.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import rapport.customer.TimelineEvent;
import rapport.render.Note;
import rapport.tokens.Tokens;

/** The weekly send against a real SMTP server (GreenMail) and a real H2 ledger. */
class SendRunTest extends GreenMailSendTest {
    @Test
    void everyDueCustomerGetsOneCompleteMessageAndTheLedgerSaysSent() throws Exception {
        List<String> emails = fixture.importCustomers(20);
        Note preview = fixture.nextNote(fixture.database).draft(fixture.customer(emails.get(3)), SendFixture.AS_OF).note().orElseThrow();

        SendSummary summary = fixture.sendRun(SendFixture.options(4, 0, 0)).run(SendFixture.AS_OF, n -> { });

        assertEquals(SendFixture.RUN, summary.runId());
        assertEquals(RunState.FINISHED, summary.state());
        assertEquals(20, summary.due());
        assertEquals(20, summary.sent());
        assertEquals(0, summary.failed() + summary.skipped() + summary.bounced() + summary.waiting());
        Map<String, Integer> counts = receivedCount();
        assertEquals(emails.size(), counts.size());
        emails.forEach(e -> assertEquals(1, counts.get(e), e + " gets exactly one message"));

        Map<String, SendFixture.Row> ledger = fixture.deliveries();
        Map<String, MimeMessage> received = new HashMap<>();
        for (MimeMessage m : greenMail.getReceivedMessages()) received.put(((InternetAddress) m.getAllRecipients()[0]).getAddress(), m);
        Tokens tokens = fixture.links.tokens();
        for (String email : emails) {
            MimeMessage m = received.get(email);
            long id = fixture.customer(email).id();
            SendFixture.Row row = ledger.get(email);
            assertEquals("sent", row.state(), email);
            assertNotNull(row.sentAt());
            assertEquals(row.messageId(), m.getMessageID(), "the ledger knows the Message-ID that went out");
            assertTrue(m.getMessageID().contains(SendFixture.RUN), m.getMessageID());

            assertTrue(m.isMimeType("multipart/alternative"), m.getContentType());
            Multipart parts = (Multipart) m.getContent();
            assertEquals(2, parts.getCount());
            assertTrue(parts.getBodyPart(0).isMimeType("text/plain"));
            assertTrue(parts.getBodyPart(1).isMimeType("text/html"));
            String text = (String) parts.getBodyPart(0).getContent();
            String html = (String) parts.getBodyPart(1).getContent();

            String[] unsubscribe = m.getHeader("List-Unsubscribe")[0].split(",\\s*");
            assertEquals(2, unsubscribe.length, m.getHeader("List-Unsubscribe")[0]);
            assertTrue(unsubscribe[0].startsWith("<https://news.kosmima.example/u/"), unsubscribe[0]);
            assertTrue(unsubscribe[1].startsWith("<mailto:replies+u"), unsubscribe[1]);
            assertEquals("List-Unsubscribe=One-Click", m.getHeader("List-Unsubscribe-Post")[0]);
            String oneClick = unsubscribe[0].substring(1, unsubscribe[0].length() - 1);
            assertEquals(id, tokens.verify(Tokens.Purpose.UNSUBSCRIBE, oneClick.substring(oneClick.lastIndexOf('/') + 1)).orElseThrow().customerId());

            String replyTo = ((InternetAddress) m.getReplyTo()[0]).getAddress();
            assertEquals(id, tokens.verify(Tokens.Purpose.REPLY, token(replyTo)).orElseThrow().customerId(), replyTo);
            assertTrue(replyTo.endsWith("@kosmima.example"), replyTo);
            String returnPath = m.getHeader("Return-Path")[0].replaceAll("[<>\\s]", "");
            assertEquals(id, tokens.verify(Tokens.Purpose.BOUNCE, token(returnPath)).orElseThrow().customerId(),
                    "the envelope sender as the server received it carries the bounce token: " + returnPath);

            assertTrue(html.contains(SendFixture.POSTAL) && text.contains(SendFixture.POSTAL), "postal address in the footer");
            assertTrue(html.contains(oneClick) && text.contains(oneClick), "a visible unsubscribe link");
            assertTrue(html.contains("https://news.kosmima.example/o/o"), "an open pixel");
            assertFalse(html.contains("href=\"" + SendFixture.GUIDE + "\""), "the guide link is not left bare");
            Matcher click = Pattern.compile("href=\"(https://news\\.kosmima\\.example/c/[^\"?]+)\\?u=([^\"]+)\"").matcher(html);
            assertTrue(click.find(), "the guide link goes through a signed click redirect");
            assertEquals(SendFixture.GUIDE, java.net.URLDecoder.decode(click.group(2).replace("&amp;", "&"), "UTF-8"));
            assertTrue(m.getSubject().startsWith("Name"), m.getSubject());

            List<TimelineEvent> timeline = fixture.timeline(email);
            assertEquals(List.of("sent"), timeline.stream().map(TimelineEvent::type).toList());
            assertEquals("note", timeline.get(0).piece());
        }
        assertEquals(preview.messageId(), received.get(emails.get(3)).getMessageID(), "the Message-ID is fixed by run and customer");
        assertEquals(preview.subject(), received.get(emails.get(3)).getSubject(), "what is previewed is what is sent");
        assertEquals(emails.size(), ledger.values().stream().map(SendFixture.Row::messageId).distinct().count());
    }

    private static String token(String address) {
        return address.substring(address.indexOf('+') + 1, address.indexOf('@'));
    }

    @Test
    void everyRowIsPlannedBeforeTheFirstMessageClaimedBeforeItIsSentAndMarkedSentOnlyAfterTheServerAccepted() throws Exception {
        greenMail.stop();
        Map<String, String> stateAtRcpt = new ConcurrentHashMap<>();
        Map<String, String> stateBeforeAccepting = new ConcurrentHashMap<>();
        List<Integer> rowsAtFirstMail = new ArrayList<>();
        try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
            SendFixture probe = SendFixture.open(dir.resolve("probe"), SendFixture.Settings.h2(dir.resolve("probe"), server.port()));
            try (probe) {
                List<String> emails = probe.importCustomers(12);
                server.script((phase, recipient, attempt) -> {
                    Map<String, SendFixture.Row> ledger = probe.deliveries();
                    if (phase == ScriptedSmtpServer.Phase.MAIL && attempt == 1) rowsAtFirstMail.add(ledger.size());
                    if (phase == ScriptedSmtpServer.Phase.RCPT) stateAtRcpt.put(recipient, ledger.get(recipient).state());
                    if (phase == ScriptedSmtpServer.Phase.MESSAGE) stateBeforeAccepting.put(recipient, ledger.get(recipient).state());
                    return null;
                });
                SendSummary summary = probe.sendRun(SendFixture.options(2, 0, 0)).run(SendFixture.AS_OF, n -> { });

                assertEquals(RunState.FINISHED, summary.state());
                assertEquals(List.of(12), rowsAtFirstMail, "a row per due customer exists before any SMTP traffic");
                emails.forEach(e -> assertEquals("claimed", stateAtRcpt.get(e), e + " is claimed before it is sent"));
                emails.forEach(e -> assertEquals("claimed", stateBeforeAccepting.get(e), e + " is not sent before the server says so"));
                probe.deliveries().values().forEach(row -> assertEquals("sent", row.state()));
                assertEquals(emails.size(), server.accepted().size());
            }
        }
    }

    @Test
    void aSecondSendForTheSameDayResumesTheUnfinishedRunAndAFinishedRunSendsNothingAgain() throws Exception {
        List<String> emails = fixture.importCustomers(20);

        SendSummary first = fixture.sendRun(SendFixture.options(4, 0, 8)).run(SendFixture.AS_OF, n -> { });
        assertEquals(8, first.sent());
        assertEquals(12, first.waiting());
        assertFalse(first.state() == RunState.FINISHED, "a limited run is not finished");
        assertEquals(8, greenMail.getReceivedMessages().length);

        SendSummary second = fixture.sendRun(SendFixture.options(4, 0, 0)).run(SendFixture.AS_OF.plus(Duration.ofHours(3)), n -> { });
        assertEquals(SendFixture.RUN, second.runId(), "the same day's run, not a new one");
        assertEquals(RunState.FINISHED, second.state());
        assertEquals(20, second.sent());
        assertEquals(1, fixture.runs());

        SendSummary third = fixture.sendRun(SendFixture.options(4, 0, 0)).run(SendFixture.AS_OF.plus(Duration.ofHours(5)), n -> { });
        assertEquals(RunState.FINISHED, third.state());
        assertEquals(20, third.sent());
        Map<String, Integer> counts = receivedCount();
        assertEquals(20, greenMail.getReceivedMessages().length, "a finished run sends nothing again");
        emails.forEach(e -> assertEquals(1, counts.get(e), e));
        emails.forEach(e -> assertEquals(1, fixture.timeline(e).size(), e + " has one 'sent' event"));
    }

    @Test
    void aCustomerUnsubscribedInTheMiddleOfARunIsNotMailed() throws Exception {
        List<String> emails = fixture.importCustomers(60);
        // The last five of every claim of 20 in id order: far behind the pacing when the flip happens.
        List<String> leaving = new ArrayList<>();
        for (int i = 0; i < emails.size(); i++) if (i % 20 >= 15) leaving.add(emails.get(i));
        Thread unsubscriber = new Thread(() -> {
            try {
                while (greenMail.getReceivedMessages().length < 8) Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
            leaving.forEach(e -> fixture.setStatus(e, "unsubscribed"));
        });
        unsubscriber.start();

        SendSummary summary = fixture.sendRun(SendFixture.options(4, 20, 0)).run(SendFixture.AS_OF, n -> { });
        unsubscriber.join(10_000);

        Map<String, Integer> counts = receivedCount();
        Map<String, SendFixture.Row> ledger = fixture.deliveries();
        for (String email : emails) {
            if (leaving.contains(email)) {
                assertFalse(counts.containsKey(email), email + " unsubscribed mid-run and was still mailed");
                SendFixture.Row row = ledger.get(email);
                assertEquals("skipped", row.state());
                assertTrue(row.reason().contains("unsubscribed"), row.reason());
                assertTrue(fixture.timeline(email).isEmpty());
            } else {
                assertEquals(1, counts.get(email), email);
            }
        }
        assertEquals(RunState.FINISHED, summary.state());
        assertEquals(45, summary.sent());
        assertEquals(15, summary.skipped());
    }

    @Test
    void maxPerSecondPacesTheWholeRunAcrossWorkers() throws Exception {
        fixture.importCustomers(40);

        SendSummary summary = fixture.sendRun(SendFixture.options(4, 20, 0)).run(SendFixture.AS_OF, n -> { });

        assertEquals(40, summary.sent());
        assertEquals(40, greenMail.getReceivedMessages().length);
        List<java.time.Instant> sentAt = fixture.deliveries().values().stream().map(SendFixture.Row::sentAt).sorted().toList();
        Duration spread = Duration.between(sentAt.get(0), sentAt.get(sentAt.size() - 1));
        // 40 messages at 20/s: 39 intervals of 50 ms. Only a loose lower bound: never assert speed.
        assertTrue(spread.toMillis() >= 1700, "40 messages at 20/s went out within " + spread.toMillis() + " ms");
        assertTrue(summary.seconds() >= 1.7, "the run took " + summary.seconds() + " s");
    }
}
