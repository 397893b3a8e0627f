package rapport.render;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
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
    /** RFC 5322's limit on a line; a longer one needs an encoding even when it is plain ASCII. */
    private static final int MAX_LINE = 998;

    private final Session session;
    private final InternetAddress from;
    /** The Date header last written: it names whole seconds, so each second's is formatted once. */
    private volatile DateHeader lastDate;

    private record DateHeader(Instant at, String text) {}

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
            message.setHeader("Date", dateHeader(date));
            message.setHeader("List-Unsubscribe", String.join(", ", note.listUnsubscribe()));
            message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            message.setHeader("X-Rapport-Piece", note.piece());

            MimeBodyPart text = part(note.text(), "plain");
            MimeBodyPart html = part(note.html(), "html");
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

    private String dateHeader(Instant moment) {
        Instant date = moment.truncatedTo(ChronoUnit.SECONDS);
        DateHeader last = lastDate;
        if (last == null || !last.at().equals(date)) {
            last = new DateHeader(date, new MailDateFormat().format(Date.from(date)));
            lastDate = last;
        }
        return last.text();
    }

    /**
     * A text part, encoded here once into bytes that the transport copies as they are. Left to
     * Jakarta Mail, the encoding is found by writing the part through a counting stream, and
     * quoted-printable is then written a byte at a time through every stream on the way to
     * the socket. Plain short-lined ASCII goes as it is; anything else quoted-printable.
     */
    private static MimeBodyPart part(String content, String subtype) throws MessagingException {
        byte[] utf8 = content.getBytes(StandardCharsets.UTF_8);
        boolean plain = isPlain(content);
        InternetHeaders headers = new InternetHeaders();
        headers.setHeader("Content-Type", "text/" + subtype + "; charset=UTF-8");
        headers.setHeader("Content-Transfer-Encoding", plain ? "7bit" : "quoted-printable");
        if (plain) return new MimeBodyPart(headers, utf8);
        Bytes encoded = new Bytes(utf8.length + utf8.length / 4);
        try (OutputStream qp = MimeUtility.encode(encoded, "quoted-printable")) {
            qp.write(utf8);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return new MimeBodyPart(headers, encoded.toByteArray());
    }

    /** A byte sink without ByteArrayOutputStream's lock per byte: the encoder writes one at a time. */
    private static final class Bytes extends OutputStream {
        private byte[] buf;
        private int size;

        Bytes(int capacity) {
            buf = new byte[Math.max(64, capacity)];
        }

        @Override
        public void write(int b) {
            if (size == buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
            buf[size++] = (byte) b;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, size);
        }
    }

    private static boolean isPlain(String content) {
        int line = 0;
        for (int i = 0; i < content.length(); i++) {
            char ch = content.charAt(i);
            if (ch == '\n') {
                line = 0;
            } else if (ch >= 0x80 || ch == 0 || (ch == '\r' && (i + 1 == content.length() || content.charAt(i + 1) != '\n'))
                    || ++line > MAX_LINE) {
                return false;
            }
        }
        return true;
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
    static final class FixedIdMessage extends SMTPMessage {
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
