package rapport.dkim;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.io.OutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import org.eclipse.angus.mail.smtp.SMTPMessage;

/**
 * A message whose header fields and body were fixed when it was signed: it writes the
 * DKIM-Signature, then the header fields (with any added since, such as a Return-Path), then the
 * body bytes that were hashed, unchanged. An {@link SMTPMessage}, so the transport still takes
 * its envelope sender. Not thread-safe, like any message.
 */
final class SignedMessage extends SMTPMessage {
    private static final byte[] CRLF = {'\r', '\n'};

    SignedMessage(Session session, String signature, List<String> fields, byte[] raw, int bodyStart, int end, String envelopeFrom)
            throws MessagingException {
        super(session);
        headers.addHeaderLine(signature);
        for (String field : fields) headers.addHeaderLine(field);
        // The body as the parts' reader expects it: getContent() still parses it.
        content = Arrays.copyOfRange(raw, bodyStart, end);
        modified = false;
        saved = true;
        if (envelopeFrom != null) setEnvelopeFrom(envelopeFrom);
    }

    /** Nothing to update: the headers the signature covers must stay as they were signed. */
    @Override
    public void saveChanges() {
    }

    @Override
    public void writeTo(OutputStream out, String[] ignoreList) throws IOException, MessagingException {
        Enumeration<String> lines = getNonMatchingHeaderLines(ignoreList);
        while (lines.hasMoreElements()) {
            out.write(lines.nextElement().getBytes(StandardCharsets.ISO_8859_1));
            out.write(CRLF);
        }
        out.write(CRLF);
        out.write(content);
        out.flush();
    }

    /**
     * Where a message is written before signing: a growable array without a lock per byte, which
     * turns a bare CR or LF into CRLF as the SMTP transport would, so the bytes hashed, the bytes
     * sent and an outbox file are the same.
     */
    static final class Bytes extends OutputStream {
        private byte[] buf;
        private int size;
        private boolean afterCr;

        Bytes(int capacity) {
            buf = new byte[capacity];
        }

        @Override
        public void write(int b) {
            room(2);
            put((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            room(2 * len);
            for (int i = off; i < off + len; i++) put(b[i]);
        }

        private void put(byte b) {
            if (b == '\r') {
                buf[size++] = '\r';
                buf[size++] = '\n';
                afterCr = true;
                return;
            }
            if (b == '\n') {
                if (!afterCr) {
                    buf[size++] = '\r';
                    buf[size++] = '\n';
                }
            } else {
                buf[size++] = b;
            }
            afterCr = false;
        }

        private void room(int more) {
            if (size + more > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }

        byte[] array() {
            return buf;
        }

        int size() {
            return size;
        }
    }
}
