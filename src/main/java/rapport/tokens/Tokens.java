package rapport.tokens;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed tokens for URLs and addresses: {@code <purpose><customer>.<run>.<mac>}, lower-case
 * letters, digits and dots only, so they fit a URL path and an email local part alike. The MAC
 * is HMAC-SHA256 over the purpose, customer, run and any bound value (a click's target URL), so
 * a token made for one purpose or message verifies for no other. The first secret signs; every
 * secret verifies, so a secret can be rotated without breaking mail already sent. Thread-safe.
 */
public final class Tokens {
    private static final Pattern SHAPE = Pattern.compile("([a-z])([0-9a-z]{1,13})\\.([0-9a-z]{1,24})\\.([0-9a-f]{32})");
    private static final int MAC_BYTES = 16;

    /** What a token may be used for; its letter opens the token. */
    public enum Purpose {
        UNSUBSCRIBE('u'), OPEN('o'), CLICK('c'), REPLY('r'), BOUNCE('b'),
        /** The "Was this useful?" links of a note's footer and their page. */
        FEEDBACK('f'),
        /** The customer's preferences page. */
        PREFERENCES('p'),
        /**
         * The link in a join confirmation note: the "customer" is the signup's number, and the
         * token is bound to the address's email key, so it confirms that signup of that address only.
         */
        CONFIRM('k'),
        /**
         * A customer's personal invitation to the join page ({@code links.referral}): the
         * "customer" is the inviter. It names no note, so the same link works from every note.
         */
        INVITE('i');

        final char letter;

        Purpose(char letter) {
            this.letter = letter;
        }
    }

    /** Who and which message a verified token speaks for. */
    public record Subject(long customerId, String run) {}

    private final List<byte[]> secrets;
    /**
     * A keyed MAC per thread and secret, by the secret's index: looking the algorithm up and
     * keying it cost more than the MAC itself, and a send signs four tokens and every link of
     * each message. A {@link Mac} is not thread-safe, hence one per thread; being this
     * instance's own, the cache goes when the {@code Tokens} does.
     */
    private final ThreadLocal<Mac[]> macs;

    public Tokens(List<String> secrets) {
        if (secrets.isEmpty() || secrets.get(0).isEmpty()) throw new IllegalArgumentException("a signing secret is required");
        this.secrets = secrets.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        int count = this.secrets.size();
        this.macs = ThreadLocal.withInitial(() -> new Mac[count]);
    }

    public String sign(Purpose purpose, long customerId, String run) {
        return sign(purpose, customerId, run, "");
    }

    public String sign(Purpose purpose, long customerId, String run, String bound) {
        String body = purpose.letter + Long.toString(customerId, 36) + "." + run;
        return body + "." + HexFormat.of().formatHex(mac(0, body, bound));
    }

    public Optional<Subject> verify(Purpose purpose, String token) {
        return verify(purpose, token, "");
    }

    /** The token's subject if it is well formed, made for this purpose (and bound value), and signed by a known secret. */
    public Optional<Subject> verify(Purpose purpose, String token, String bound) {
        if (token == null) return Optional.empty();
        Matcher m = SHAPE.matcher(token);
        if (!m.matches() || m.group(1).charAt(0) != purpose.letter) return Optional.empty();
        String body = token.substring(0, token.lastIndexOf('.'));
        byte[] given = HexFormat.of().parseHex(m.group(4));
        for (int i = 0; i < secrets.size(); i++) {
            if (MessageDigest.isEqual(given, mac(i, body, bound))) {
                return Optional.of(new Subject(Long.parseLong(m.group(2), 36), m.group(3)));
            }
        }
        return Optional.empty();
    }

    /**
     * The token's subject if it is well formed, made for this purpose, and signed by a known
     * secret over the value {@code boundTo} gives for the customer it names (empty: nothing is
     * bound to that customer, so the token verifies for nothing). For a value kept with what the
     * token names, such as a signup's address.
     */
    public Optional<Subject> verify(Purpose purpose, String token, java.util.function.LongFunction<Optional<String>> boundTo) {
        if (token == null) return Optional.empty();
        Matcher m = SHAPE.matcher(token);
        if (!m.matches() || m.group(1).charAt(0) != purpose.letter) return Optional.empty();
        long id;
        try {
            id = Long.parseLong(m.group(2), 36);
        } catch (NumberFormatException e) {
            return Optional.empty(); // a number no token of ours carries
        }
        return boundTo.apply(id).flatMap(bound -> verify(purpose, token, bound));
    }

    /** The first {@link #MAC_BYTES} of the MAC of body and bound under the secret at this index. */
    private byte[] mac(int index, String body, String bound) {
        Mac[] held = macs.get();
        Mac mac = held[index];
        if (mac == null) mac = held[index] = newMac(secrets.get(index));
        mac.update(body.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        byte[] full = mac.doFinal(bound.getBytes(StandardCharsets.UTF_8)); // doFinal resets it for the next token
        return Arrays.copyOf(full, MAC_BYTES);
    }

    private static Mac newMac(byte[] secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
