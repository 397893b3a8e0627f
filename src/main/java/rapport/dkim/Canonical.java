package rapport.dkim;

import java.security.MessageDigest;
import java.util.Locale;

/**
 * RFC 6376's "relaxed" canonicalization (section 3.4.2 for a header field, 3.4.4 for the body),
 * the form both signer and verifier hash, so that the whitespace and folding a relay may change
 * on the way do not break the signature. Public so that {@code rapport doctor} can verify a fresh
 * signature with the same forms. Stateless.
 */
public final class Canonical {
    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte SP = ' ';
    private static final byte HT = '\t';

    private Canonical() {}

    /**
     * One header field ({@code Name: value}, possibly folded over several lines) in relaxed form,
     * without its CRLF: the name in lower case, line breaks removed, each run of whitespace one
     * space, none at the ends of the value or around the colon.
     */
    public static String header(String field) {
        int colon = field.indexOf(':');
        if (colon < 0) throw new IllegalArgumentException("not a header field: " + field);
        StringBuilder out = new StringBuilder(field.length());
        out.append(field.substring(0, colon).stripTrailing().toLowerCase(Locale.ROOT)).append(':');
        int start = out.length();
        boolean space = false;
        for (int i = colon + 1; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\r' || c == '\n') continue;
            if (c == ' ' || c == '\t') {
                space = true;
                continue;
            }
            if (space && out.length() > start) out.append(' ');
            space = false;
            out.append(c);
        }
        return out.toString();
    }

    /**
     * Feeds the relaxed form of {@code body[from, to)} to {@code digest}: whitespace runs inside a
     * line become one space, whitespace at a line's end goes, empty lines at the end go, and a
     * non-empty body ends with exactly one CRLF. A bare CR or LF counts as a line break, as the
     * SMTP transport turns each into CRLF on the wire.
     */
    public static void body(byte[] body, int from, int to, MessageDigest digest) {
        byte[] out = new byte[Math.min(8192, Math.max(64, 2 * (to - from)))];
        int n = 0;
        int breaks = 0;
        boolean space = false;
        boolean any = false;
        for (int i = from; i < to; i++) {
            byte b = body[i];
            if (b == CR || b == LF) {
                if (b == CR && i + 1 < to && body[i + 1] == LF) i++;
                breaks++;
                space = false;
                continue;
            }
            if (b == SP || b == HT) {
                space = true;
                continue;
            }
            for (; breaks > 0; breaks--) {
                if (n + 2 > out.length) {
                    digest.update(out, 0, n);
                    n = 0;
                }
                out[n++] = CR;
                out[n++] = LF;
            }
            if (n + 2 > out.length) {
                digest.update(out, 0, n);
                n = 0;
            }
            if (space) out[n++] = SP;
            space = false;
            out[n++] = b;
            any = true;
        }
        if (any) {
            if (n + 2 > out.length) {
                digest.update(out, 0, n);
                n = 0;
            }
            out[n++] = CR;
            out[n++] = LF;
        }
        digest.update(out, 0, n);
    }
}
