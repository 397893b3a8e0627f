package rapport.dkim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A DKIM signing key: an RSA (2048 bits or more) or Ed25519 private key, read from a PKCS#8 PEM
 * file ({@code -----BEGIN PRIVATE KEY-----}, what {@code openssl genpkey} writes), with its
 * public half in the form receivers find in DNS ({@link #publicKeyBase64()}, the {@code p=} of
 * the TXT record). Immutable and thread-safe; {@link #toString()} never shows key material.
 */
public final class DkimKey {
    /** The signing algorithms of DKIM this key may be for: RFC 6376's rsa-sha256 and RFC 8463's ed25519-sha256. */
    public enum Algorithm {
        RSA("rsa", "rsa-sha256", "SHA256withRSA"),
        ED25519("ed25519", "ed25519-sha256", "Ed25519");

        private final String dnsName;
        private final String tag;
        private final String jcaName;

        Algorithm(String dnsName, String tag, String jcaName) {
            this.dnsName = dnsName;
            this.tag = tag;
            this.jcaName = jcaName;
        }

        /** The {@code k=} of the DNS record: {@code rsa} or {@code ed25519}. */
        public String dnsName() {
            return dnsName;
        }

        /** The {@code a=} of the signature: {@code rsa-sha256} or {@code ed25519-sha256}. */
        public String tag() {
            return tag;
        }

        String jcaName() {
            return jcaName;
        }

        /** {@code rsa} or {@code ed25519}, in any case; null for anything else. */
        public static Algorithm named(String name) {
            for (Algorithm a : values()) if (a.dnsName.equalsIgnoreCase(name.strip())) return a;
            return null;
        }
    }

    /** RFC 8301: verifiers may refuse RSA keys under 2048 bits, and Gmail treats them as unsigned. */
    public static final int MIN_RSA_BITS = 2048;

    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
    private static final String PKCS8 = "PRIVATE KEY";
    /** The X.509 encoding of an Ed25519 public key: a fixed 12-byte prefix, then the 32 bytes DNS carries. */
    private static final int ED25519_SPKI_PREFIX = 12;
    private static final int ED25519_KEY_BYTES = 32;

    private final Algorithm algorithm;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final int bits;

    private DkimKey(Algorithm algorithm, PrivateKey privateKey, PublicKey publicKey, int bits) {
        this.algorithm = algorithm;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.bits = bits;
    }

    /** Reads and checks the key in {@code file}. */
    public static DkimKey load(Path file) throws UnusableKeyException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new UnusableKeyException("no such file: " + file, true);
        } catch (AccessDeniedException e) {
            throw new UnusableKeyException("cannot read " + file + ": permission denied");
        } catch (IOException e) {
            throw new UnusableKeyException("cannot read " + file + " as a PEM key file: " + e.getMessage());
        }
        return fromPem(text);
    }

    /** The key in a PKCS#8 PEM text. */
    public static DkimKey fromPem(String pem) throws UnusableKeyException {
        Matcher m = PEM.matcher(pem);
        if (!m.find()) {
            throw new UnusableKeyException("not a PEM key: expected a PKCS#8 key between -----BEGIN PRIVATE KEY----- and -----END PRIVATE KEY-----");
        }
        String label = m.group(1);
        if (label.equals("RSA PRIVATE KEY")) {
            throw new UnusableKeyException("a PKCS#1 RSA key (BEGIN RSA PRIVATE KEY); Rapport reads PKCS#8: convert it with"
                    + " `openssl pkcs8 -topk8 -nocrypt -in OLD.pem -out NEW.pem`");
        }
        if (label.equals("ENCRYPTED PRIVATE KEY")) {
            throw new UnusableKeyException("an encrypted key; Rapport reads an unencrypted PKCS#8 key (keep the file readable only by you)");
        }
        if (!label.equals(PKCS8)) {
            throw new UnusableKeyException("a PEM \"" + label + "\", not a PKCS#8 private key (BEGIN PRIVATE KEY)");
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(m.group(2).replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new UnusableKeyException("the PEM key is damaged: its body is not base64");
        }
        return fromPkcs8(der);
    }

    private static DkimKey fromPkcs8(byte[] der) throws UnusableKeyException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        PrivateKey key = parse("RSA", spec);
        if (key == null) key = parse("Ed25519", spec);
        if (key instanceof RSAPrivateKey rsa) return rsa(rsa);
        if (key instanceof EdECPrivateKey ed) return ed25519(ed);
        throw new UnusableKeyException("not an RSA or Ed25519 private key (DKIM signs with RSA 2048 or Ed25519)");
    }

    private static PrivateKey parse(String algorithm, PKCS8EncodedKeySpec spec) {
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(spec);
        } catch (InvalidKeySpecException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK always has " + algorithm, e);
        }
    }

    private static DkimKey rsa(RSAPrivateKey key) throws UnusableKeyException {
        int bits = key.getModulus().bitLength();
        if (bits < MIN_RSA_BITS) {
            throw new UnusableKeyException("an RSA key of " + bits + " bits; DKIM keys need " + MIN_RSA_BITS
                    + " bits or more (`rapport dkim keygen` makes one)");
        }
        if (!(key instanceof RSAPrivateCrtKey crt)) {
            throw new UnusableKeyException("an RSA key without its public exponent; write it again with `openssl pkcs8 -topk8 -nocrypt`");
        }
        try {
            PublicKey pub = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
            return new DkimKey(Algorithm.RSA, key, pub, bits);
        } catch (GeneralSecurityException e) {
            throw new UnusableKeyException("an RSA key whose public half cannot be made: " + e.getMessage());
        }
    }

    /**
     * The JDK has no call that derives an Ed25519 public key from a private one, but its key
     * pair generator derives the public key from 32 random bytes: given the private key's own
     * 32 bytes as the "random" ones, it makes exactly this key's pair.
     */
    private static DkimKey ed25519(EdECPrivateKey key) throws UnusableKeyException {
        byte[] seed = key.getBytes().orElseThrow(() -> new UnusableKeyException("an Ed25519 key without its private bytes"));
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new Replay(seed));
            KeyPair pair = generator.generateKeyPair();
            byte[] again = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
            if (!Arrays.equals(seed, again)) throw new IllegalStateException("the Ed25519 key pair generator did not take the private bytes");
            return new DkimKey(Algorithm.ED25519, key, pair.getPublic(), 256);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK always has Ed25519", e);
        }
    }

    /** Hands out the given bytes as its "random" ones, once. */
    private static final class Replay extends SecureRandom {
        private final byte[] bytes;

        Replay(byte[] bytes) {
            this.bytes = bytes.clone();
        }

        @Override
        public void nextBytes(byte[] out) {
            if (out.length != bytes.length) throw new IllegalStateException("asked for " + out.length + " bytes, holds " + bytes.length);
            System.arraycopy(bytes, 0, out, 0, out.length);
        }
    }

    /** A new key: RSA of 2048 bits, or Ed25519. */
    public static DkimKey generate(Algorithm algorithm) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm == Algorithm.RSA ? "RSA" : "Ed25519");
            if (algorithm == Algorithm.RSA) generator.initialize(MIN_RSA_BITS);
            KeyPair pair = generator.generateKeyPair();
            return new DkimKey(algorithm, pair.getPrivate(), pair.getPublic(), algorithm == Algorithm.RSA ? MIN_RSA_BITS : 256);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK always has " + algorithm, e);
        }
    }

    /** The private key as a PKCS#8 PEM text, as {@link #load} reads it. */
    public String toPem() {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(privateKey.getEncoded());
        return "-----BEGIN " + PKCS8 + "-----\n" + body + "\n-----END " + PKCS8 + "-----\n";
    }

    public Algorithm algorithm() {
        return algorithm;
    }

    /** The RSA modulus's length, or 256 for Ed25519. */
    public int bits() {
        return bits;
    }

    /**
     * The public key as the {@code p=} of the DNS record: for RSA the base64 of its
     * SubjectPublicKeyInfo, for Ed25519 the base64 of its 32 bytes (RFC 8463).
     */
    public String publicKeyBase64() {
        byte[] encoded = publicKey.getEncoded();
        if (algorithm == Algorithm.ED25519) {
            if (encoded.length != ED25519_SPKI_PREFIX + ED25519_KEY_BYTES) {
                throw new IllegalStateException("an Ed25519 public key of " + encoded.length + " bytes");
            }
            encoded = Arrays.copyOfRange(encoded, ED25519_SPKI_PREFIX, encoded.length);
        }
        return Base64.getEncoder().encodeToString(encoded);
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    /** An Ed25519 key's 32 private bytes (RFC 8032's seed); a copy. */
    byte[] ed25519Seed() {
        if (algorithm != Algorithm.ED25519) throw new IllegalStateException("not an Ed25519 key: " + this);
        return ((EdECPrivateKey) privateKey).getBytes().orElseThrow();
    }

    /** An Ed25519 key's 32 public bytes, as DNS carries them. */
    byte[] ed25519Public() {
        if (algorithm != Algorithm.ED25519) throw new IllegalStateException("not an Ed25519 key: " + this);
        return Base64.getDecoder().decode(publicKeyBase64());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DkimKey other && Arrays.equals(privateKey.getEncoded(), other.privateKey.getEncoded());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey.getEncoded());
    }

    @Override
    public String toString() {
        return algorithm == Algorithm.RSA ? "DkimKey[rsa, " + bits + " bits]" : "DkimKey[" + algorithm.dnsName().toLowerCase(Locale.ROOT) + "]";
    }
}
