package rapport.render;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import rapport.config.RapportConfig;

/**
 * Builds the MIME message of a {@link Note}: multipart/alternative (text, then HTML), the
 * deterministic Message-ID, Reply-To with its reply token, the envelope sender with its bounce
 * token, and the RFC 8058 one-click unsubscribe headers. Every header value comes from a
 * {@link Note} whose data was already stripped of line breaks, and Jakarta Mail encodes it.
 * Thread-safe.
 */
public final class MessageComposer {
    private final Session session;
    private final InternetAddress from;

    public MessageComposer(Session session, RapportConfig.Sender sender) {
        this.session = session;
        try {
            this.from = new InternetAddress(sender.address(), sender.name(), StandardCharsets.UTF_8.name());
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }
    }

    /** A session for building messages only (no transport). */
    public static Session offlineSession() {
        return Session.getInstance(new Properties());
    }

    public MimeMessage compose(Note note, Instant date) {
        try {
            SMTPMessage message = new FixedIdMessage(session, note.messageId());
            message.setFrom(from);
            message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(note.toAddress(),
                    note.toName().isEmpty() ? null : note.toName(), StandardCharsets.UTF_8.name()));
            message.setReplyTo(new InternetAddress[] {new InternetAddress(note.replyTo())});
            message.setEnvelopeFrom(note.envelopeFrom());
            message.setSubject(note.subject(), StandardCharsets.UTF_8.name());
            message.setSentDate(Date.from(date));
            message.setHeader("List-Unsubscribe", String.join(", ", note.listUnsubscribe()));
            message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            message.setHeader("X-Rapport-Piece", note.piece());

            MimeBodyPart text = new MimeBodyPart();
            text.setText(note.text(), StandardCharsets.UTF_8.name(), "plain");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(note.html(), StandardCharsets.UTF_8.name(), "html");
            MimeMultipart alternative = new MimeMultipart("alternative");
            alternative.addBodyPart(text);
            alternative.addBodyPart(html);
            message.setContent(alternative);
            message.saveChanges();
            return message;
        } catch (MessagingException | UnsupportedEncodingException e) {
            throw new IllegalStateException("cannot build the message for " + note.toAddress() + ": " + e.getMessage(), e);
        }
    }

    /** The message as an {@code .eml} file: with a Return-Path so a reviewer sees the envelope sender. */
    public byte[] toEml(Note note, Instant date) {
        MimeMessage message = compose(note, date);
        try {
            message.setHeader("Return-Path", "<" + note.envelopeFrom() + ">");
            ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
            message.writeTo(out);
            return out.toByteArray();
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("cannot write the message for " + note.toAddress() + ": " + e.getMessage(), e);
        }
    }


    /** Keeps the deterministic Message-ID; Jakarta Mail would otherwise make a random one. */
    private static final class FixedIdMessage extends SMTPMessage {
        private final String id;

        FixedIdMessage(Session session, String id) {
            super(session);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }
}
