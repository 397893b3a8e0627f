package rapport.doctor;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import rapport.dkim.Canonical;
import rapport.dkim.DkimSigner;

/**
 * Verifies the first DKIM-Signature of a message as written to the wire, against a public key as
 * DNS publishes it (RFC 6376 section 6.1.3; Ed25519 per RFC 8463): the relaxed body hash, then the
 * signature over the header fields it names. Only what Rapport signs with is understood
 * (relaxed/relaxed, rsa-sha256 or ed25519-sha256, no {@code l=}); anything else fails with its
 * reason rather than passing unchecked. Stateless and thread-safe.
 */
final class SignatureVerifier {
    /** The X.509 encoding of an Ed25519 public key is these 12 bytes, then the 32 bytes DNS carries. */
    private static final byte[] ED25519_SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    /** The b= tag's value, blanked for the hash: after a separator, so bh= is left alone. */
    private static final Pattern B_TAG = Pattern.compile("([;:][ \\t\\r\\n]*b[ \\t\\r\\n]*=)[^;]*");
    private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};

    private SignatureVerifier() {}

    /** How a signature stands. */
    sealed interface Verdict {
        /** It verifies; {@code covered} are the names of the fields it signed that the note has, in lower case. */
        record Pass(Set<String> covered) implements Verdict {}

        /** The published key does not verify the signature over the header fields. */
        record WrongKey(String reason) implements Verdict {}

        /** The message or its signature is not what a receiver could check (no signature, a body hash that differs). */
        record Broken(String reason) implements Verdict {}
    }

    /**
     * @param raw    the message as sent, CRLF line ends
     * @param record the TXT record at the selector ({@code v=DKIM1; k=...; p=...})
     */
    static Verdict verify(byte[] raw, String record) {
        int headerEnd = indexOf(raw, HEADER_END);
        if (headerEnd < 0) return new Verdict.Broken("the message has no body");
        List<String> fields = DkimSigner.fields(raw, headerEnd + 2);
        String signature = fields.stream().filter(f -> nameOf(f).equalsIgnoreCase("DKIM-Signature")).findFirst().orElse(null);
        if (signature == null) return new Verdict.Broken("the note carries no DKIM-Signature");
        Map<String, String> tags = tags(signature.substring(signature.indexOf(':') + 1));
        for (String required : List.of("v", "a", "d", "s", "h", "bh", "b")) {
            if (!tags.containsKey(required)) return new Verdict.Broken("the DKIM-Signature has no " + required + "= tag");
        }
        if (!"relaxed/relaxed".equalsIgnoreCase(tags.getOrDefault("c", "simple/simple"))) {
            return new Verdict.Broken("c=" + tags.get("c") + " is not the relaxed/relaxed Rapport signs with");
        }
        if (tags.containsKey("l")) return new Verdict.Broken("the signature covers only part of the body (l=)");
        Map<String, String> key = DkimCheck.tags(record);
        String algorithm = tags.get("a").toLowerCase(Locale.ROOT);
        String kind = key.getOrDefault("k", "rsa").toLowerCase(Locale.ROOT);
        if (!algorithm.equals(kind + "-sha256")) {
            return new Verdict.WrongKey("the note is signed with " + algorithm + " and the published key is k=" + kind);
        }

        MessageDigest sha256 = sha256();
        Canonical.body(raw, headerEnd + HEADER_END.length, raw.length, sha256);
        if (!Arrays.equals(sha256.digest(), decode(tags.get("bh")))) {
            return new Verdict.Broken("the body hash (bh=) does not match the body as sent");
        }
        List<String> signed = Arrays.stream(tags.get("h").split(":")).map(n -> n.strip().toLowerCase(Locale.ROOT)).toList();
        Set<String> covered = new LinkedHashSet<>();
        byte[] data = headerHash(fields, signed, signature, covered).getBytes(StandardCharsets.ISO_8859_1);
        try {
            return check(algorithm, publicKey(kind, decode(key.getOrDefault("p", ""))), data, decode(tags.get("b")))
                    ? new Verdict.Pass(covered)
                    : new Verdict.WrongKey("the signature (b=) does not verify with the published key");
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return new Verdict.WrongKey("the published key cannot be read as a " + kind + " key");
        }
    }

    /**
     * What was signed: each field h= names, bottom-up for repeated names (one absent is nothing),
     * then the signature field itself with b= emptied and no final CRLF. The names of the fields
     * found go to {@code covered}: a name in h= with no field only guards against one added later.
     */
    private static String headerHash(List<String> fields, List<String> signed, String signature, Set<String> covered) {
        StringBuilder hashed = new StringBuilder(2048);
        Map<String, Integer> used = new HashMap<>();
        for (String name : signed) {
            int skip = used.merge(name, 1, Integer::sum) - 1;
            for (int i = fields.size() - 1; i >= 0; i--) {
                if (nameOf(fields.get(i)).equalsIgnoreCase(name) && skip-- == 0) {
                    hashed.append(Canonical.header(fields.get(i))).append("\r\n");
                    covered.add(name);
                    break;
                }
            }
        }
        Matcher b = B_TAG.matcher(signature);
        return hashed.append(Canonical.header(b.find() ? signature.substring(0, b.end(1)) + signature.substring(b.end()) : signature))
                .toString();
    }

    private static boolean check(String algorithm, PublicKey key, byte[] data, byte[] b) throws GeneralSecurityException {
        boolean ed25519 = algorithm.startsWith("ed25519");
        Signature verifier = Signature.getInstance(ed25519 ? "Ed25519" : "SHA256withRSA");
        verifier.initVerify(key);
        // Ed25519 signs the data's SHA-256 (RFC 8463, section 3); RSA hashes the data itself.
        verifier.update(ed25519 ? sha256().digest(data) : data);
        return verifier.verify(b);
    }

    private static PublicKey publicKey(String kind, byte[] p) throws GeneralSecurityException {
        if (kind.equals("ed25519")) {
            byte[] spki = Arrays.copyOf(ED25519_SPKI_PREFIX, ED25519_SPKI_PREFIX.length + p.length);
            System.arraycopy(p, 0, spki, ED25519_SPKI_PREFIX.length, p.length);
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        }
        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(p));
    }

    /** A signature's tags, names in lower case, values without the whitespace folding may put in them. */
    private static Map<String, String> tags(String value) {
        Map<String, String> tags = new HashMap<>();
        for (Map.Entry<String, String> tag : DkimCheck.tags(value).entrySet()) {
            tags.put(tag.getKey(), tag.getValue().replaceAll("[ \\t\\r\\n]+", ""));
        }
        return tags;
    }

    private static byte[] decode(String base64) {
        return Base64.getDecoder().decode(base64.replaceAll("\\s+", ""));
    }

    private static String nameOf(String field) {
        int colon = field.indexOf(':');
        return (colon < 0 ? field : field.substring(0, colon)).strip();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    private static int indexOf(byte[] raw, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= raw.length; i++) {
            for (int j = 0; j < what.length; j++) if (raw[i + j] != what[j]) continue outer;
            return i;
        }
        return -1;
    }
}
