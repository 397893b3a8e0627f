package rapport.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rapport.inbox.InboxFixtures.CUSTOMER;
import static rapport.inbox.InboxFixtures.RUN;

import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import rapport.feedback.MessageRef;
import rapport.inbox.Inbound.Match;
import rapport.tokens.Tokens;

/** Each real-world shape of mail the reply mailbox receives, read as what it is. */
class MailClassifierTest {
    private static final MessageRef NOTE = new MessageRef(CUSTOMER, RUN);
    private static final String OUR_ID = InboxFixtures.messageId(CUSTOMER);
    private final MailClassifier classifier = new MailClassifier(InboxFixtures.TOKENS, InboxFixtures.REPLY_TO);

    private Inbound classify(String fixture) throws Exception {
        return classifier.classify(InboxFixtures.load(fixture), Instant.EPOCH);
    }

    private Inbound classifyText(String text) throws Exception {
        return classifier.classify(InboxFixtures.parse(text), Instant.EPOCH);
    }

    private static void assertMatchesTheNote(Match match) {
        assertEquals(Optional.of(NOTE), match.token());
        assertTrue(match.messageIds().contains(OUR_ID), match.messageIds().toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "bounce-postfix-user-unknown.eml | 5.1.1  | true  | 550 5.1.1 <ana@example.org>: Recipient address rejected: User unknown in virtual mailbox table",
            "bounce-exim.eml                 | 5.1.1  | true  | 550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown",
            "bounce-office365.eml            | 5.1.10 | true  | 550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",
            "bounce-exchange.eml             | 5.1.1  | true  | 550 5.1.1 RESOLVER.ADR.RecipNotFound; not found",
            "bounce-gmail.eml                | 5.1.1  | true  | 550-5.1.1 The email account that you tried to reach does not exist.",
            "bounce-postfix-mailbox-full-delayed.eml | 4.2.2 | false | 452 4.2.2 <farid@example.com>: Mailbox full",
            "bounce-qmail-plaintext.eml      | 5.1.1  | true  | Remote host said: 550 5.1.1 <lena@example.info>... User unknown",
    })
    void bouncesOfEveryMajorMailServerAreReadWithTheirStatusAndMatchTheNote(String fixture, String status, boolean permanent,
                                                                             String diagnostic) throws Exception {
        Inbound.Bounce bounce = assertInstanceOf(Inbound.Bounce.class, classify(fixture));
        assertMatchesTheNote(bounce.match());
        assertEquals(status, bounce.status());
        assertEquals(permanent, bounce.permanent());
        assertTrue(bounce.diagnostic().startsWith(diagnostic), bounce.diagnostic());
        assertFalse(bounce.diagnostic().contains("\n"));
    }

    @Test
    void aBounceIsDatedByItsDateHeader() throws Exception {
        Inbound.Bounce bounce = assertInstanceOf(Inbound.Bounce.class, classify("bounce-gmail.eml"));
        assertEquals(Instant.parse("2026-11-24T14:00:09Z"), bounce.at());
    }

    @Test
    void anArfAbuseReportIsAComplaintAboutTheNote() throws Exception {
        Inbound.Complaint complaint = assertInstanceOf(Inbound.Complaint.class, classify("complaint-arf-yahoo.eml"));
        assertMatchesTheNote(complaint.match());
        assertEquals("abuse", complaint.feedbackType());
        assertEquals(Instant.parse("2026-11-25T08:12:43Z"), complaint.at());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "autoreply-exchange.eml        | Hannah Schmidt <hannah.schmidt@contoso.example> | Automatic reply: Hannah, how to keep silver bright",
            "autoreply-vacation.eml        | Ivan Horvat <ivan@example.edu>                  | away from my mail",
            "autoreply-gmail-vacation.eml  | Julia Rossi <julia.rossi@gmail.com>             | Re: Julia, how to keep silver bright",
    })
    void outOfOfficeAndVacationAnswersAreAutoRepliesNeverReplies(String fixture, String from, String subject) throws Exception {
        Inbound.AutoReply auto = assertInstanceOf(Inbound.AutoReply.class, classify(fixture));
        assertMatchesTheNote(auto.match());
        assertEquals(from, auto.from());
        assertEquals(subject, auto.subject());
        assertTrue(auto.key().startsWith(InboxFixtures.load(fixture).getMessageID() + "#"), auto.key());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "reply-gmail.eml | Ana López <ana.lopez@gmail.com> | Re: Ana, how to keep silver bright"
                    + " | Thank you! The cloth trick worked on my grandmother's teapot. Do you also clean pearls? I have a strand that lost its shine. Ana",
            "reply-outlook.eml | Bob Meyer <bob.meyer@contoso.example> | RE: Bob, how to keep silver bright"
                    + " | Hello Pano, Could you hold the silver locket from the window for me until Saturday? I'd like to give it to my daughter."
                    + " Best regards, Bob Meyer Contoso Ltd.",
            "reply-outlook-original-message.eml | 'Kowalski, Marta <marta.kowalski@fabrikam.example>' | AW: Marta, how to keep silver bright"
                    + " | Hallo Pano, vielen Dank für den Tipp! Haben Sie auch Poliertücher im Laden? Grüße Marta",
            "reply-apple-mail.eml | Carl Nilsson <carl.nilsson@icloud.com> | Re: Carl, how to keep silver bright"
                    + " | Yes please, put me down for the Saturday polishing workshop. Can I bring my wife?",
    })
    void aPersonsReplyCarriesOnlyTheirNewTextWithoutQuoteOrSignature(String fixture, String from, String subject, String snippet)
            throws Exception {
        MimeMessage mail = InboxFixtures.load(fixture);
        Inbound.Reply reply = assertInstanceOf(Inbound.Reply.class, classifier.classify(mail, Instant.EPOCH));
        assertEquals(Optional.of(NOTE), reply.match().token());
        assertEquals(List.of(OUR_ID), reply.match().messageIds());
        assertEquals(from, reply.from());
        assertEquals(subject, reply.subject());
        assertEquals(snippet, reply.snippet());
        assertTrue(reply.key().startsWith(mail.getMessageID() + "#"), reply.key());
        assertEquals(mail.getSentDate().toInstant(), reply.at());
    }

    @Test
    void aMailToTheMailtoUnsubscribeAddressIsAnUnsubscribe() throws Exception {
        Inbound.Unsubscribe unsubscribe = assertInstanceOf(Inbound.Unsubscribe.class, classify("unsubscribe-mailto.eml"));
        assertEquals(Optional.of(NOTE), unsubscribe.match().token());
        assertEquals(Instant.parse("2026-11-26T20:02:10Z"), unsubscribe.at());
    }

    @Test
    void anUnsubscribeButtonThatMarksItsMailAutomaticStillUnsubscribes() throws Exception {
        String text = InboxFixtures.text("unsubscribe-mailto.eml", CUSTOMER).replace("Subject: unsubscribe", "Auto-Submitted: auto-generated\r\nSubject: unsubscribe");
        assertInstanceOf(Inbound.Unsubscribe.class, classifyText(text));
    }

    @Test
    void aNewsletterToTheBareReplyAddressIsUnrelated() throws Exception {
        assertInstanceOf(Inbound.Unrelated.class, classify("unrelated-newsletter.eml"));
    }

    @Test
    void spamWithAForgedTokenKeepsOnlyItsIdCluesForTheStoreToReject() throws Exception {
        Inbound.Reply reply = assertInstanceOf(Inbound.Reply.class, classify("unrelated-spam.eml"));
        assertEquals(Optional.empty(), reply.match().token());
        assertEquals(List.of("<rapport.20261124.zz@kosmima.example>"), reply.match().messageIds());
    }

    @Test
    void aReplyWithAForgedTokenAndNoThreadIsUnrelated() throws Exception {
        String replyToken = InboxFixtures.token(InboxFixtures.LINKS.replyTo(CUSTOMER, RUN));
        String forged = replyToken.substring(0, replyToken.length() - 1) + (replyToken.endsWith("0") ? "1" : "0");
        String text = withoutThread(InboxFixtures.text("reply-gmail.eml", CUSTOMER)).replace(replyToken, forged);
        assertInstanceOf(Inbound.Unrelated.class, classifyText(text));
    }

    @Test
    void aTokenForAnotherCustomerEditedIntoTheAddressDoesNotVerify() throws Exception {
        String replyToken = InboxFixtures.token(InboxFixtures.LINKS.replyTo(CUSTOMER, RUN));
        String edited = replyToken.replaceFirst("^r16\\.", "r17.");
        String text = InboxFixtures.text("reply-gmail.eml", CUSTOMER).replace(replyToken, edited);
        Inbound.Reply reply = assertInstanceOf(Inbound.Reply.class, classifyText(text));
        assertEquals(Optional.empty(), reply.match().token(), "a forged token is never trusted");
        assertEquals(List.of(OUR_ID), reply.match().messageIds(), "the thread headers still point to the note");
    }

    @Test
    void aReplyTokenWhereTheBounceTokenBelongsDoesNotMatchTheBounce() throws Exception {
        String bounceToken = InboxFixtures.token(InboxFixtures.LINKS.envelopeFrom(CUSTOMER, RUN));
        String replyToken = InboxFixtures.token(InboxFixtures.LINKS.replyTo(CUSTOMER, RUN));
        String text = InboxFixtures.text("bounce-postfix-user-unknown.eml", CUSTOMER).replace(bounceToken, replyToken);
        Inbound.Bounce bounce = assertInstanceOf(Inbound.Bounce.class, classifyText(text));
        assertEquals(Optional.empty(), bounce.match().token());
        assertEquals(List.of(OUR_ID), bounce.match().messageIds());
    }

    @Test
    void aBounceTokenOnAPersonsMailIsNotAReplyToken() throws Exception {
        String bounceToken = InboxFixtures.token(InboxFixtures.LINKS.envelopeFrom(CUSTOMER, RUN));
        String replyToken = InboxFixtures.token(InboxFixtures.LINKS.replyTo(CUSTOMER, RUN));
        String text = withoutThread(InboxFixtures.text("reply-gmail.eml", CUSTOMER)).replace(replyToken, bounceToken);
        assertInstanceOf(Inbound.Unrelated.class, classifyText(text));
    }

    @Test
    void aBounceWithoutAnyTokenStillMatchesByTheReturnedMessageId() throws Exception {
        String bounceToken = InboxFixtures.token(InboxFixtures.LINKS.envelopeFrom(CUSTOMER, RUN));
        String text = InboxFixtures.text("bounce-exim.eml", CUSTOMER).replace("replies+" + bounceToken, "replies");
        Inbound.Bounce bounce = assertInstanceOf(Inbound.Bounce.class, classifyText(text));
        assertEquals(Optional.empty(), bounce.match().token());
        assertEquals(List.of(OUR_ID), bounce.match().messageIds());
    }

    @Test
    void aDelayWarningCarryingA5xxCodeIsStillSoft() {
        assertFalse(Bounces.permanent(Bounces.status("5.0.0", "", "delayed"), "delayed"));
        assertEquals("4.4.1", Bounces.status("4.4.1", "smtp; 421 4.4.1 timeout", "failed"));
        assertEquals("5.0.0", Bounces.status("", "smtp; 550 rejected", "failed"));
        assertEquals("4.0.0", Bounces.status("", "", "delayed"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Out of Office: Silver", "Abwesenheitsnotiz: Ihre Nachricht", "AUTO: Marta is out of the office",
            "Réponse automatique : Silver", "Autoreply: Silver"})
    void subjectsThatOpenLikeAnAutoresponderMakeAnAutoReply(String subject) throws Exception {
        String text = InboxFixtures.text("reply-gmail.eml", CUSTOMER).replace("Subject: Re: Ana, how to keep silver bright",
                "Subject: " + jakarta.mail.internet.MimeUtility.encodeText(subject, "UTF-8", "Q"));
        assertInstanceOf(Inbound.AutoReply.class, classifyText(text));
    }

    @Test
    void outlooksSuppressHeaderAloneDoesNotMakeAPersonsReplyAutomatic() throws Exception {
        String text = InboxFixtures.text("reply-outlook.eml", CUSTOMER).replace("X-MS-Has-Attach:", "X-Auto-Response-Suppress: All");
        assertInstanceOf(Inbound.Reply.class, classifyText(text));
        String away = text.replace("Subject: RE: Bob,", "Subject: RE: (away from the office) Bob,");
        assertInstanceOf(Inbound.AutoReply.class, classifyText(away));
    }

    @Test
    void aMailWithoutMessageIdGetsAStableKeyFromItsHeaders() throws Exception {
        String text = InboxFixtures.text("reply-apple-mail.eml", CUSTOMER).replaceFirst("Message-Id: [^\r]*\r\n", "");
        String key = classifier.key(InboxFixtures.parse(text));
        assertTrue(key.matches("sha256:[0-9a-f]{64}"), key);
        assertEquals(key, classifier.key(InboxFixtures.parse(text)));
        Inbound.Reply reply = assertInstanceOf(Inbound.Reply.class, classifyText(text));
        assertEquals(key, reply.key());
    }

    @Test
    void aMailWithoutDateIsDatedByTheFallback() throws Exception {
        String text = InboxFixtures.text("unsubscribe-mailto.eml", CUSTOMER).replaceFirst("Date: [^\r]*\r\n", "");
        Instant fallback = Instant.parse("2026-11-27T00:00:00Z");
        assertEquals(fallback, ((Inbound.Unsubscribe) classifier.classify(InboxFixtures.parse(text), fallback)).at());
    }

    @Test
    void tokensSignedWithAnotherSecretAreIgnored() throws Exception {
        MailClassifier other = new MailClassifier(new Tokens(List.of("another-secret")), InboxFixtures.REPLY_TO);
        assertInstanceOf(Inbound.Unrelated.class, other.classify(InboxFixtures.load("unsubscribe-mailto.eml"), Instant.EPOCH));
        Inbound.Bounce bounce = assertInstanceOf(Inbound.Bounce.class, other.classify(InboxFixtures.load("bounce-gmail.eml"), Instant.EPOCH));
        assertEquals(Optional.empty(), bounce.match().token());
    }

    private static String withoutThread(String text) {
        return text.replaceAll("(?m)^(In-Reply-To|References): [^\r]*\r\n", "");
    }
}
