package rapport.dkim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Signing keys: what loads, what is refused and why, and the public key DNS gets, checked against openssl and RFC 8463. */
class DkimKeyTest {
    @TempDir Path dir;

    @ParameterizedTest
    @EnumSource(DkimKey.Algorithm.class)
    void aGeneratedKeyReadsBackAsTheSameKey(DkimKey.Algorithm algorithm) throws Exception {
        DkimKey key = DkimKey.generate(algorithm);
        Path file = dir.resolve("k.pem");
        Files.writeString(file, key.toPem());
        DkimKey again = DkimKey.load(file);
        assertEquals(key, again);
        assertEquals(key.publicKeyBase64(), again.publicKeyBase64());
        assertEquals(algorithm, again.algorithm());
        assertFalse(again.toString().contains(key.toPem().substring(40, 60)), "no key material in toString");
    }

    @Test
    void theEd25519PublicKeyIsRfc8463sForItsExamplePrivateKey() throws Exception {
        // RFC 8463, appendix A.2: the private key of brisbane._domainkey.football.example.com, and its p=.
        DkimKey key = DkimKey.fromPem("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n-----END PRIVATE KEY-----\n");
        assertEquals("11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=", key.publicKeyBase64());
        assertEquals("v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=",
                new DkimRecord("brisbane", "football.example.com", key).value());
    }

    @ParameterizedTest
    @EnumSource(DkimKey.Algorithm.class)
    void keysOpensslMakesLoadAndOurPublicKeyIsTheOneOpensslDerives(DkimKey.Algorithm algorithm) throws Exception {
        assumeTrue(Openssl.installed(), "openssl is not installed");
        Path file = dir.resolve("openssl.pem");
        Openssl.generate(file, algorithm);
        assertEquals(Openssl.publicKey(file, algorithm), DkimKey.load(file).publicKeyBase64());

        Path ours = dir.resolve("ours.pem");
        DkimKey key = DkimKey.generate(algorithm);
        Files.writeString(ours, key.toPem());
        assertEquals(Openssl.publicKey(ours, algorithm), key.publicKeyBase64(), "openssl reads our file and finds our public key");
    }

    @Test
    void aKeyThatCannotSignIsRefusedSayingWhy() throws Exception {
        assertTrue(refusal(dir.resolve("none.pem")).missing());
        assertTrue(refusal(dir.resolve("none.pem")).getMessage().startsWith("no such file: "));
        assertEquals("not a PEM key: expected a PKCS#8 key between -----BEGIN PRIVATE KEY----- and -----END PRIVATE KEY-----",
                refusal("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI me@laptop\n").getMessage());
        assertTrue(refusal("-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n").getMessage()
                .startsWith("a PKCS#1 RSA key (BEGIN RSA PRIVATE KEY); Rapport reads PKCS#8: convert it with"));
        assertTrue(refusal("-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n").getMessage()
                .startsWith("an encrypted key"));
        assertEquals("the PEM key is damaged: its body is not base64", refusal("-----BEGIN PRIVATE KEY-----\nMII=B\n-----END PRIVATE KEY-----\n").getMessage());
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        assertEquals("not an RSA or Ed25519 private key (DKIM signs with RSA 2048 or Ed25519)",
                refusal(pem(ec.generateKeyPair().getPrivate().getEncoded())).getMessage());
        assertEquals("an RSA key of 1024 bits; DKIM keys need 2048 bits or more (`rapport dkim keygen` makes one)",
                refusal(pem(rsa(1024))).getMessage());
    }

    @Test
    void aLongRsaRecordIsCutIntoDnsStringsThatJoinBackIntoTheValue() {
        DkimRecord record = new DkimRecord("rapport2026", "kosmima.example", DkimKey.generate(DkimKey.Algorithm.RSA));
        assertEquals("rapport2026._domainkey.kosmima.example", record.name());
        assertTrue(record.strings().size() > 1);
        assertTrue(record.strings().stream().allMatch(s -> s.length() <= 255));
        assertEquals(record.value(), String.join("", record.strings()));
        assertTrue(record.zoneLine().startsWith("rapport2026._domainkey.kosmima.example IN TXT \"v=DKIM1; k=rsa; p=MII"));
        assertFalse(DkimRecord.isSelector("-bad"));
        assertTrue(DkimRecord.isSelector("shop.2026"));
    }

    private static byte[] rsa(int bits) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(bits);
        return g.generateKeyPair().getPrivate().getEncoded();
    }

    /** A PKCS#8 PEM text of {@code der}, as openssl writes one. */
    private static String pem(byte[] der) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END PRIVATE KEY-----\n";
    }

    private UnusableKeyException refusal(String pem) throws IOException {
        Path file = Files.createTempFile(dir, "key", ".pem");
        Files.writeString(file, pem);
        return refusal(file);
    }

    private static UnusableKeyException refusal(Path file) {
        return assertThrows(UnusableKeyException.class, () -> DkimKey.load(file));
    }

}
