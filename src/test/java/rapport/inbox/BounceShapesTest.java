package rapport.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import rapport.feedback.BounceReasons.Verdict;

/**
 * The shapes of bounce that real mail servers send and that used to be misread, each read through
 * the real classifier as the poll reads it: a success report, a version number in a Received
 * header, AOL's single block of fields, a report without its delivery-status part, a refusal
 * about the sender.
 */
class BounceShapesTest {
    private static final String BOUNCE_ADDRESS = InboxFixtures.LINKS.envelopeFrom(InboxFixtures.CUSTOMER, InboxFixtures.RUN);
    private final MailClassifier classifier = new MailClassifier(InboxFixtures.TOKENS, InboxFixtures.REPLY_TO);

    private Inbound classify(String text) throws Exception {
        return classifier.classify(InboxFixtures.parse(text.replace("\r\n", "\n").replace("\n", "\r\n")), Instant.EPOCH);
    }

    private static String report(String human, String statusPart) {
        return """
                From: Mail Delivery System <MAILER-DAEMON@mx.example.net>
                To: %s
                Subject: Delivery Status Notification
                Date: Tue, 24 Nov 2026 14:00:07 +0000
                Message-ID: <report-1@mx.example.net>
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

                --b1
                Content-Type: text/plain

                %s
                %s
                --b1--
                """.formatted(BOUNCE_ADDRESS, human, statusPart);
    }

    private static String statusPart(String fields) {
        return "--b1\nContent-Type: message/delivery-status\n\n" + fields + "\n";
    }

    @Test
    void aReportOfSuccessIsNeverAFailure() throws Exception {
        Inbound read = classify(report("Your message was delivered.", statusPart("""
                Reporting-MTA: dns; mx.example.net

                Final-Recipient: rfc822; ana@example.org
                Action: deliverable
                Status: 2.1.5
                Diagnostic-Code: smtp; 250 2.1.5 Ok""")));
        assertInstanceOf(Inbound.Delivered.class, read);
    }

    @Test
    void aVersionNumberInAReceivedHeaderIsNeverAStatusCode() throws Exception {
        Inbound read = classify("""
                From: Mail Delivery Subsystem <MAILER-DAEMON@notes.example.com>
                To: %s
                Subject: Returned mail: delivery problems
                Date: Tue, 24 Nov 2026 14:00:07 +0000
                Message-ID: <lotus-1@notes.example.com>

                Your message could not be delivered to ana@example.org at this time.

                ------ Returned message ------
                Received: from relay.kosmima.example by notes.example.com (Lotus SMTP MTA v5.0.8) with ESMTP id 1234
                Subject: Ana, how to keep silver bright
                """.formatted(BOUNCE_ADDRESS));
        Inbound.Bounce bounce = assertInstanceOf(Inbound.Bounce.class, read);
        assertNotEquals("5.0.8", bounce.status());
        assertEquals(Verdict.SOFT, bounce.verdict(), "no code and no words that say the address is gone");
    }

    @Test
    void aolsSingleBlockOfFieldsIsRead() throws Exception {
        Inbound read = classify(report("The message could not be delivered.", statusPart("""
                Reporting-MTA: dns; omr-m09.mx.aol.com
                Arrival-Date: Tue, 24 Nov 2026 14:00:05 -0500
                Final-Recipient: rfc822; ana@aol.com
                Action: failed
                Status: 5.1.1
                Remote-MTA: dns; mx.aol.com
                Diagnostic-Code: smtp; 550 5.1.1 <ana@aol.com>: Recipient address rejected: aol.com""")));
        Inbound.Bounce bounce = assertInstanceOf(Inbound.Bounce.class, read);
        assertEquals("5.1.1", bounce.status());
        assertEquals(Verdict.HARD, bounce.verdict());
    }

    @Test
    void aReportWithoutItsDeliveryStatusPartIsReadFromItsText() throws Exception {
        Inbound read = classify(report("""
                Delivery to the following recipient failed permanently:

                    ana@example.org

                Remote host said: 550 5.1.1 <ana@example.org>... User unknown""", ""));
        Inbound.Bounce bounce = assertInstanceOf(Inbound.Bounce.class, read);
        assertEquals("5.1.1", bounce.status());
        assertEquals(Verdict.HARD, bounce.verdict());
    }

    @Test
    void gmailRefusingAnUnauthenticatedSenderIsAboutTheSenderNotTheAddress() throws Exception {
        Inbound read = classify(report("Your message was not delivered.", statusPart("""
                Reporting-MTA: dns; relay.kosmima.example

                Final-Recipient: rfc822; ana@gmail.com
                Action: failed
                Status: 5.7.26
                Diagnostic-Code: smtp; 550-5.7.26 This mail is unauthenticated, which poses a security risk to the
                 sender and Gmail users, and has been blocked. The sender must authenticate with at least one of SPF
                 or DKIM. 550 5.7.26 https://support.google.com/mail/answer/81126#authentication - gsmtp""")));
        Inbound.Bounce bounce = assertInstanceOf(Inbound.Bounce.class, read);
        assertEquals("5.7.26", bounce.status());
        assertEquals(Verdict.SENDER, bounce.verdict());
        assertEquals("authfailure", bounce.reason().name());
    }

    @Test
    void aFullMailboxIsSoftEvenWhenTheServerSays5xx() throws Exception {
        Inbound read = classify(report("Delivery failed.", statusPart("""
                Reporting-MTA: dns; mx.example.net

                Final-Recipient: rfc822; ana@example.org
                Action: failed
                Status: 5.2.2
                Diagnostic-Code: smtp; 552 5.2.2 Mailbox full""")));
        assertEquals(Verdict.SOFT, assertInstanceOf(Inbound.Bounce.class, read).verdict());
    }
}
