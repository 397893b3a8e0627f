package rapport.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rapport.customer.Status;
import rapport.customer.TimelineEvent;
import rapport.feedback.MessageRef;
import rapport.feedback.Signal;

/** The poll end to end: a real IMAP mailbox (GreenMail), the real feedback store on H2. */
class MailboxTest {
    @TempDir Path dir;
    private MailboxWorld world;

    @BeforeEach
    void start() {
        world = new MailboxWorld(dir);
    }

    @AfterEach
    void stop() {
        world.close();
    }

    private static String email(String fixture) {
        return fixture.replace(".eml", "") + "@example.org";
    }

    private List<String> eventTypes(String fixture) {
        return world.timeline(email(fixture)).stream().map(TimelineEvent::type).toList();
    }

    @Test
    void everyAnswerIsRecordedAndMovedWhileUnrelatedMailStaysUnreadInTheInbox() throws Exception {
        List<String> emails = InboxFixtures.ALL.stream().map(MailboxTest::email).toList();
        List<Long> ids = world.importCustomers(emails);
        for (int i = 0; i < InboxFixtures.ALL.size(); i++) world.deliver(InboxFixtures.ALL.get(i), ids.get(i));

        PollSummary summary = world.mailbox().poll();

        assertEquals(new PollSummary(4, 3, 7, 1, 1, 2), summary);
        List<MailboxWorld.Seen> inbox = world.folder("INBOX");
        assertEquals(List.of("Winter is coming: protect your roses", "Congratulations! You have been selected"),
                inbox.stream().map(MailboxWorld.Seen::subject).toList());
        assertTrue(inbox.stream().noneMatch(m -> m.seen() || m.deleted()), "unrelated mail is neither read nor flagged: " + inbox);
        assertEquals(16, world.folder("Processed").size());

        Map<String, Status> expected = new LinkedHashMap<>();
        for (String bounced : List.of("bounce-postfix-user-unknown.eml", "bounce-exim.eml", "bounce-office365.eml",
                "bounce-exchange.eml", "bounce-gmail.eml", "bounce-qmail-plaintext.eml")) {
            expected.put(bounced, Status.BOUNCED);
        }
        expected.put("bounce-postfix-mailbox-full-delayed.eml", Status.ACTIVE);
        expected.put("complaint-arf-yahoo.eml", Status.COMPLAINED);
        expected.put("unsubscribe-mailto.eml", Status.UNSUBSCRIBED);
        for (String fixture : List.of("autoreply-exchange.eml", "autoreply-vacation.eml", "autoreply-gmail-vacation.eml",
                "reply-gmail.eml", "reply-outlook.eml", "reply-outlook-original-message.eml", "reply-apple-mail.eml")) {
            expected.put(fixture, Status.ACTIVE);
        }
        Map<String, Status> actual = new LinkedHashMap<>();
        for (String fixture : expected.keySet()) actual.put(fixture, world.customer(email(fixture)).status());
        assertEquals(expected, actual);

        assertEquals(List.of("bounce"), eventTypes("bounce-gmail.eml"));
        assertTrue(world.timeline(email("bounce-gmail.eml")).get(0).detail().contains("5.1.1"));
        assertEquals(List.of("bounce"), eventTypes("bounce-postfix-mailbox-full-delayed.eml"));
        assertEquals(List.of("unsubscribe"), eventTypes("unsubscribe-mailto.eml"));
        assertEquals(List.of("reply"), eventTypes("reply-apple-mail.eml"));
        assertTrue(world.timeline(email("reply-apple-mail.eml")).get(0).detail()
                .contains("Yes please, put me down for the Saturday polishing workshop."));
        assertTrue(world.customer(email("reply-gmail.eml")).awaitingReply(), "a person's reply waits for an answer");
        assertFalse(world.customer(email("autoreply-exchange.eml")).awaitingReply(), "an out-of-office waits for nobody");
        assertFalse(eventTypes("autoreply-vacation.eml").contains("reply"));
    }

    @Test
    void aSecondPollRecordsNothingNew() throws Exception {
        List<Long> ids = world.importCustomers(List.of("ana@example.org", "bob@example.org"));
        world.deliver("reply-gmail.eml", ids.get(0));
        world.deliver("bounce-postfix-user-unknown.eml", ids.get(1));
        world.deliver("unrelated-newsletter.eml", ids.get(0));
        assertEquals(new PollSummary(1, 0, 1, 0, 0, 1), world.mailbox().poll());
        List<TimelineEvent> before = world.timeline("ana@example.org");

        assertEquals(new PollSummary(0, 0, 0, 0, 0, 1), world.mailbox().poll());
        assertEquals(before, world.timeline("ana@example.org"));
        assertEquals(2, world.folder("Processed").size());
    }

    @Test
    void aPollThatDiedAfterRecordingOnlyMovesTheMailNextTime() throws Exception {
        long ana = world.importCustomers(List.of("ana@example.org")).get(0);
        world.deliver("reply-gmail.eml", ana);
        // What the dead poll got as far as: the mail recorded, still in the inbox.
        var mail = InboxFixtures.load("reply-gmail.eml", ana);
        var reply = (Inbound.Reply) new MailClassifier(InboxFixtures.TOKENS, InboxFixtures.REPLY_TO).classify(mail);
        world.feedback.recordInbound(reply.key(), "reply", List.of(new Signal.Reply(new MessageRef(ana, InboxFixtures.RUN),
                reply.at(), reply.key(), reply.from(), reply.subject(), reply.snippet())));

        assertEquals(new PollSummary(0, 0, 0, 0, 0, 0), world.mailbox().poll());
        assertEquals(List.of("reply"), world.timeline("ana@example.org").stream().map(TimelineEvent::type).toList());
        assertEquals(List.of(), world.folder("INBOX"));
        assertEquals(1, world.folder("Processed").size());
    }

    @Test
    void aBounceWithoutTokenIsMatchedByTheMessageIdOfANoteRapportSent() throws Exception {
        List<Long> ids = world.importCustomers(List.of("sent@example.org", "never@example.org"));
        world.sent(ids.get(0));
        for (long id : ids) {
            String bounceToken = InboxFixtures.token(InboxFixtures.LINKS.envelopeFrom(id, InboxFixtures.RUN));
            world.deliverText(InboxFixtures.text("bounce-exim.eml", id).replace("replies+" + bounceToken, "replies")
                    .replace("Message-Id: <", "Message-Id: <" + id + "."));
        }

        assertEquals(new PollSummary(0, 0, 1, 0, 0, 1), world.mailbox().poll());
        assertEquals(Status.BOUNCED, world.customer("sent@example.org").status());
        assertEquals(Status.ACTIVE, world.customer("never@example.org").status(), "no note with that Message-ID was sent");
        assertEquals(1, world.folder("INBOX").size());
    }

    @Test
    void aBounceWhoseMimeIsBrokenIsReadAsTextOnceAndThePollGoesOn() throws Exception {
        long ana = world.importCustomers(List.of("ana@example.org")).get(0);
        String bounceToken = InboxFixtures.token(InboxFixtures.LINKS.envelopeFrom(ana, InboxFixtures.RUN));
        world.deliverText("""
                From: MAILER-DAEMON@mx.example.net
                To: replies+%s@kosmima.example
                Subject: Undelivered Mail Returned to Sender
                Date: Tue, 24 Nov 2026 14:00:07 +0000
                Message-ID: <broken@mx.example.net>
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="never-there"

                This report lost all its parts on the way.
                """.formatted(bounceToken).replace("\n", "\r\n"));
        world.deliver("reply-outlook.eml", ana);

        assertEquals(new PollSummary(1, 0, 1, 0, 0, 0), world.mailbox().poll());
        assertEquals(List.of(), world.folder("INBOX"), "read once, then out of the way");
        assertEquals(new PollSummary(0, 0, 0, 0, 0, 0), world.mailbox().poll());
        assertEquals(rapport.customer.Status.ACTIVE, world.customer("ana@example.org").status(), "words that say nothing never suppress");
    }

    @Test
    void aReplyNoPollCanReadStaysForAPersonMarkedSoLaterPollsPassItBy() throws Exception {
        long ana = world.importCustomers(List.of("ana@example.org")).get(0);
        String replyToken = InboxFixtures.token(InboxFixtures.LINKS.replyTo(ana, InboxFixtures.RUN));
        world.deliverText("""
                From: Ana <ana@example.org>
                To: replies+%s@kosmima.example
                Subject: Re: Ana, how to keep silver bright
                Date: Tue, 24 Nov 2026 14:00:07 +0000
                Message-ID: <broken-reply@example.org>
                MIME-Version: 1.0
                Content-Type: multipart/alternative; boundary="never-there"

                Thank you! This reply lost its parts on the way.
                """.formatted(replyToken).replace("\n", "\r\n"));

        assertEquals(new PollSummary(0, 0, 0, 0, 0, 1), world.mailbox().poll());
        assertEquals(List.of(Mailbox.UNREADABLE), world.keywords("INBOX"));
        assertEquals(new PollSummary(0, 0, 0, 0, 0, 1), world.mailbox().poll());
        assertEquals(1, world.folder("INBOX").size());
    }

    @Test
    void anUnreachableMailboxFailsWithOneSentenceNamingHostAndPort() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Mailbox mailbox = new Mailbox(world.imap(closed, MailboxWorld.PASSWORD),
                new MailClassifier(InboxFixtures.TOKENS, InboxFixtures.REPLY_TO), world.feedback, world.clock);
        InboxException e = assertThrows(InboxException.class, mailbox::poll);
        assertTrue(e.getMessage().startsWith("cannot read the mailbox replies@kosmima.example at 127.0.0.1:" + closed + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void aWrongPasswordSaysTheLoginWasRefused() {
        Mailbox mailbox = new Mailbox(world.imap(world.greenMail.getImap().getPort(), "wrong"),
                new MailClassifier(InboxFixtures.TOKENS, InboxFixtures.REPLY_TO), world.feedback, world.clock);
        InboxException e = assertThrows(InboxException.class, mailbox::poll);
        assertTrue(e.getMessage().contains("refused the login of replies@kosmima.example"), e.getMessage());
    }

    @Test
    void mailsArePolledAndMovedBatchByBatch() throws Exception {
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < 5; i++) emails.add("c" + i + "@example.org");
        List<Long> ids = world.importCustomers(emails);
        for (long id : ids) {
            world.deliverText(InboxFixtures.text("unsubscribe-mailto.eml", id).replace("Message-ID: <", "Message-ID: <" + id + "."));
            world.deliver("unrelated-newsletter.eml", id);
        }
        Mailbox mailbox = new Mailbox(world.imap(), new MailClassifier(InboxFixtures.TOKENS, InboxFixtures.REPLY_TO),
                world.feedback, world.clock, 3, true);

        assertEquals(new PollSummary(0, 0, 0, 0, 5, 5), mailbox.poll());
        assertEquals(5, world.folder("INBOX").size());
        assertEquals(5, world.folder("Processed").size());
        assertEquals(Status.UNSUBSCRIBED, world.customer("c4@example.org").status());
    }

    @Test
    void withoutMoveHandledMailIsCopiedAndExpungedAndAPersonsDeletedMailIsLeftAlone() throws Exception {
        List<Long> ids = world.importCustomers(List.of("ana@example.org", "bob@example.org"));
        world.deliver("reply-gmail.eml", ids.get(0));
        world.deliver("unrelated-newsletter.eml", ids.get(0));
        world.deliver("bounce-exim.eml", ids.get(1));
        world.markDeleted("Winter is coming: protect your roses");
        Mailbox mailbox = new Mailbox(world.imap(), new MailClassifier(InboxFixtures.TOKENS, InboxFixtures.REPLY_TO),
                world.feedback, world.clock, Mailbox.BATCH, false);

        assertEquals(new PollSummary(1, 0, 1, 0, 0, 1), mailbox.poll());
        assertEquals(List.of(new MailboxWorld.Seen("Winter is coming: protect your roses", false, true)), world.folder("INBOX"));
        assertEquals(List.of("Re: Ana, how to keep silver bright", "Mail delivery failed: returning message to sender"),
                world.folder("Processed").stream().map(MailboxWorld.Seen::subject).toList());
        assertTrue(world.folder("Processed").stream().noneMatch(MailboxWorld.Seen::deleted));
    }
}
