package rapport.dkim;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.eclipse.angus.mail.smtp.SMTPMessage;

/**
 * Signs messages with DKIM (RFC 6376; Ed25519 per RFC 8463): relaxed/relaxed, covering
 * {@link #SIGNED_HEADERS}, each listed once more than it occurs so that a copy added on the way
 * (a second Subject or List-Unsubscribe) breaks the signature (RFC 6376, 8.15). The message is
 * written once, here; the signed message sends those same bytes, so what was hashed is what goes
 * out. Thread-safe: each thread keeps its own digest and signature objects, made on its first
 * message, and the key was read once, before.
 *
 * <p>Ed25519 signs with Bouncy Castle's RFC 8032 code, with the public half derived once: the
 * JDK's own Ed25519 takes several times as long per signature, which a large send would feel.
 */
public final class DkimSigner {
    /** What the signature covers when present, in this order: the fields a reader trusts, and RFC 8058's two. */
    public static final List<String> SIGNED_HEADERS = List.of("From", "To", "Subject", "Date", "Message-ID", "Reply-To",
            "MIME-Version", "Content-Type", "List-Unsubscribe", "List-Unsubscribe-Post");
    /** Lines of the signature field are kept under this width, as mail lines usually are. */
    private static final int WIDTH = 76;
    private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};

    private final String domain;
    private final String selector;
    private final DkimKey key;
    private final ThreadLocal<Tools> tools;

    /** A thread's own hash and signature objects: neither is safe to share, and both are costly to make per message. */
    private record Tools(MessageDigest sha256, Signer signer) {}

    /** Signs the bytes given: for Ed25519 those are already the SHA-256 of the data. */
    private interface Signer {
        byte[] sign(byte[] data) throws GeneralSecurityException;
    }

    public DkimSigner(String domain, String selector, DkimKey key) {
        if (!DkimRecord.isSelector(selector)) throw new IllegalArgumentException("not a DKIM selector: " + selector);
        this.domain = domain.toLowerCase(Locale.ROOT);
        this.selector = selector;
        this.key = key;
        this.tools = ThreadLocal.withInitial(this::tools);
        tools.get(); // a key the JDK refuses fails here, at the start of a run, not at its first message
    }

    private Tools tools() {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            if (key.algorithm() == DkimKey.Algorithm.ED25519) {
                Ed25519.precompute(); // once per process: the tables every signature uses
                byte[] seed = key.ed25519Seed();
                byte[] pub = key.ed25519Public();
                return new Tools(sha256, data -> {
                    byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
                    Ed25519.sign(seed, 0, pub, 0, data, 0, data.length, signature, 0);
                    return signature;
                });
            }
            Signature signature = Signature.getInstance(key.algorithm().jcaName());
            signature.initSign(key.privateKey());
            return new Tools(sha256, data -> {
                signature.update(data);
                return signature.sign();
            });
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with " + key + ": " + e.getMessage(), e);
        }
    }

    /** The record receivers look this signer's key up by. */
    public DkimRecord record() {
        return new DkimRecord(selector, domain, key);
    }

    /**
     * The message as it will go out, with a DKIM-Signature on top. The result is final: its
     * headers and body are fixed, and a later {@code saveChanges} changes nothing. A header set
     * on it afterwards (a Return-Path) goes out unsigned, as receivers expect. An already signed
     * message comes back as it is.
     */
    public MimeMessage sign(MimeMessage message) throws MessagingException {
        if (message instanceof SignedMessage) return message;
        SignedMessage.Bytes written = new SignedMessage.Bytes(8192);
        try {
            message.writeTo(written);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        byte[] raw = written.array();
        int size = written.size();
        int headerEnd = indexOf(raw, size, HEADER_END);
        int bodyStart = headerEnd < 0 ? size : headerEnd + HEADER_END.length;
        List<String> fields = fields(raw, headerEnd < 0 ? size : headerEnd + 2);
        Date date = message.getSentDate();
        String signature = signatureField(fields, raw, bodyStart, size, date == null ? OptionalLong.empty() : OptionalLong.of(date.getTime() / 1000));
        String envelopeFrom = message instanceof SMTPMessage smtp ? smtp.getEnvelopeFrom() : null;
        return new SignedMessage(message.getSession(), signature, fields, raw, bodyStart, size, envelopeFrom);
    }

    /**
     * The {@code DKIM-Signature} field (name, colon, folded value; no final CRLF) for a message
     * whose header fields are {@code fields} (each as written, folded lines joined by CRLF) and
     * whose body is {@code raw[bodyStart, end)}.
     */
    String signatureField(List<String> fields, byte[] raw, int bodyStart, int end, OptionalLong time) {
        Tools t = tools.get();
        t.sha256().reset();
        Canonical.body(raw, bodyStart, end, t.sha256());
        String bodyHash = Base64.getEncoder().encodeToString(t.sha256().digest());

        StringBuilder hashed = new StringBuilder(2048);
        List<String> names = new ArrayList<>();
        for (String name : SIGNED_HEADERS) {
            // Bottom-up, as a verifier picks them; then the name once more, for the copy that must not appear.
            for (int i = fields.size() - 1; i >= 0; i--) {
                if (nameOf(fields.get(i)).equalsIgnoreCase(name)) {
                    hashed.append(Canonical.header(fields.get(i))).append("\r\n");
                    names.add(name.toLowerCase(Locale.ROOT));
                }
            }
            names.add(name.toLowerCase(Locale.ROOT));
        }
        Folded value = new Folded("DKIM-Signature: ".length());
        value.tag("v=1").tag("a=" + key.algorithm().tag()).tag("c=relaxed/relaxed").tag("d=" + domain).tag("s=" + selector);
        if (time.isPresent()) value.tag("t=" + time.getAsLong());
        value.list("h=", names).tag("bh=" + bodyHash).last("b=");
        String unsigned = value.toString();
        hashed.append(Canonical.header("DKIM-Signature: " + unsigned));
        byte[] b = sign(t, hashed.toString().getBytes(StandardCharsets.ISO_8859_1));
        return "DKIM-Signature: " + unsigned + value.chunks(Base64.getEncoder().encodeToString(b));
    }

    /** RSA signs the SHA-256 of the data itself; Ed25519 signs the data's SHA-256 (RFC 8463, section 3). */
    private byte[] sign(Tools t, byte[] data) {
        try {
            if (key.algorithm() == DkimKey.Algorithm.ED25519) {
                t.sha256().reset();
                data = t.sha256().digest(data);
            }
            return t.signer().sign(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with " + key + ": " + e.getMessage(), e);
        }
    }

    private static String nameOf(String field) {
        int colon = field.indexOf(':');
        return (colon < 0 ? field : field.substring(0, colon)).strip();
    }

    /** The header fields in {@code raw[0, end)}, each with its continuation lines joined by CRLF. */
    public static List<String> fields(byte[] raw, int end) {
        List<String> fields = new ArrayList<>(24);
        StringBuilder field = null;
        int start = 0;
        while (start < end) {
            int lineEnd = indexOf(raw, start, end, (byte) '\n');
            int next = lineEnd < 0 ? end : lineEnd + 1;
            int stop = lineEnd < 0 ? end : (lineEnd > start && raw[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd);
            String line = new String(raw, start, stop - start, StandardCharsets.ISO_8859_1);
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && field != null) {
                field.append("\r\n").append(line);
            } else if (!line.isEmpty()) {
                if (field != null) fields.add(field.toString());
                field = new StringBuilder(line);
            }
            start = next;
        }
        if (field != null) fields.add(field.toString());
        return fields;
    }

    private static int indexOf(byte[] raw, int from, int to, byte b) {
        for (int i = from; i < to; i++) if (raw[i] == b) return i;
        return -1;
    }

    private static int indexOf(byte[] raw, int size, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= size; i++) {
            for (int j = 0; j < what.length; j++) if (raw[i + j] != what[j]) continue outer;
            return i;
        }
        return -1;
    }

    /** A tag list folded into lines under {@link #WIDTH}: breaks only where RFC 6376 allows whitespace. */
    private static final class Folded {
        private final StringBuilder text = new StringBuilder(512);
        private int column;

        Folded(int column) {
            this.column = column;
        }

        private void put(String piece, boolean spaceBefore) {
            if (column + piece.length() + 1 > WIDTH && !text.isEmpty()) {
                text.append("\r\n\t");
                column = 8;
            } else if (spaceBefore && !text.isEmpty()) {
                text.append(' ');
                column++;
            }
            text.append(piece);
            column += piece.length();
        }

        Folded tag(String tag) {
            put(tag + ";", true);
            return this;
        }

        /** {@code h=a:b:c;}, folded at the colons if long. */
        Folded list(String tag, List<String> items) {
            for (int i = 0; i < items.size(); i++) {
                String piece = (i == 0 ? tag : "") + items.get(i) + (i == items.size() - 1 ? ";" : ":");
                put(piece, i == 0);
            }
            return this;
        }

        Folded last(String tag) {
            put(tag, true);
            return this;
        }

        /** A base64 value to follow the last tag, cut over lines (whitespace in b= is ignored by verifiers). */
        String chunks(String value) {
            StringBuilder out = new StringBuilder(value.length() + 32);
            int room = Math.max(0, WIDTH - column);
            int i = Math.min(room, value.length());
            out.append(value, 0, i);
            while (i < value.length()) {
                int next = Math.min(value.length(), i + WIDTH - 8);
                out.append("\r\n\t").append(value, i, next);
                i = next;
            }
            return out.toString();
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
