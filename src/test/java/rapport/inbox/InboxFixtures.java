package rapport.inbox;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import rapport.TestWorkspace;
import rapport.config.RapportConfig;
import rapport.render.Links;
import rapport.tokens.Tokens;

/**
 * The real-world mails under {@code src/test/resources/inbox/}, with their placeholders
 * ({@code {{REPLY_TOKEN}}}, {@code {{BOUNCE_TOKEN}}}, {@code {{UNSUB_TOKEN}}}, {@code {{MESSAGE_ID}}})
 * filled in as {@link Links} makes them for a note of run {@link #RUN} to one customer, signed
 * with {@link #SECRET}. Line ends become CRLF, as on the wire. Thread-safe.
 */
final class InboxFixtures {
    static final String SECRET = "test-secret";
    static final String RUN = "20261124";
    static final long CUSTOMER = 42;
    static final String REPLY_TO = "replies@kosmima.example";
    static final Tokens TOKENS = new Tokens(List.of(SECRET));
    private static final RapportConfig CONFIG = TestWorkspace.sample().secret(SECRET).config();
    static final Links LINKS = new Links(CONFIG.tracking(), CONFIG.sender(), TOKENS);

    static final List<String> ALL = List.of(
            "bounce-postfix-user-unknown.eml", "bounce-exim.eml", "bounce-office365.eml", "bounce-exchange.eml",
            "bounce-gmail.eml", "bounce-postfix-mailbox-full-delayed.eml", "bounce-qmail-plaintext.eml",
            "complaint-arf-yahoo.eml", "autoreply-exchange.eml", "autoreply-vacation.eml", "autoreply-gmail-vacation.eml",
            "reply-gmail.eml", "reply-outlook.eml", "reply-outlook-original-message.eml", "reply-apple-mail.eml",
            "unsubscribe-mailto.eml", "unrelated-newsletter.eml", "unrelated-spam.eml");

    private static final Session SESSION = Session.getInstance(new Properties());

    private InboxFixtures() {}

    /** The fixture's text for the note of {@link #RUN} to {@code customer}. */
    static String text(String name, long customer) {
        String raw;
        try (InputStream in = InboxFixtures.class.getResourceAsStream("/inbox/" + name)) {
            if (in == null) throw new IllegalArgumentException("no fixture " + name);
            raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return raw.replace("{{REPLY_TOKEN}}", token(LINKS.replyTo(customer, RUN)))
                .replace("{{BOUNCE_TOKEN}}", token(LINKS.envelopeFrom(customer, RUN)))
                .replace("{{UNSUB_TOKEN}}", TOKENS.sign(Tokens.Purpose.UNSUBSCRIBE, customer, RUN))
                .replace("{{MESSAGE_ID}}", LINKS.messageId(customer, RUN))
                .replace("\r\n", "\n").replace("\n", "\r\n");
    }

    static MimeMessage load(String name) {
        return load(name, CUSTOMER);
    }

    static MimeMessage load(String name, long customer) {
        return parse(text(name, customer));
    }

    static MimeMessage parse(String text) {
        try {
            return new MimeMessage(SESSION, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String messageId(long customer) {
        return LINKS.messageId(customer, RUN);
    }

    /** The token inside a tagged address {@code replies+TOKEN@domain}. */
    static String token(String taggedAddress) {
        return taggedAddress.substring(taggedAddress.indexOf('+') + 1, taggedAddress.indexOf('@'));
    }
}
