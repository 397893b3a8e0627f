package rapport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rapport.dkim.DkimKey;
import rapport.dkim.Dkimpy;
import rapport.dkim.Openssl;

/**
 * {@code rapport dkim keygen}: the key it writes, the record it prints, and the lines it says to
 * add, followed as an operator would; and a key file that cannot sign, which stops every command
 * at its start naming the key and its line.
 */
class DkimCommandTest {
    private static final Pattern ZONE_LINE = Pattern.compile("(?m)^(\\S+) IN TXT ((?:\"[^\"]*\" ?)+)$");
    private static final Pattern STRING = Pattern.compile("\"([^\"]*)\"");

    @TempDir Path dir;

    @Test
    void keygenWritesAKeyOnlyItsOwnerReadsAndPrintsTheRecordAndTheLinesThatMakeNotesVerify() throws Exception {
        Path ws = CliRun.sampleWorkspace(dir.resolve("ws"));
        CliRun.Result made = CliRun.run(ws, "dkim", "keygen", "--selector", "shop2026");
        assertEquals(0, made.exit(), made.err());
        Path key = ws.resolve("config/dkim-shop2026.pem");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertTrue(made.out().startsWith("Wrote config/dkim-shop2026.pem: a 2048-bit RSA key, readable only by you."), made.out());

        Matcher zone = ZONE_LINE.matcher(made.out());
        assertTrue(zone.find(), made.out());
        assertEquals("shop2026._domainkey.kosmima.example", zone.group(1));
        List<String> strings = new ArrayList<>();
        for (Matcher s = STRING.matcher(zone.group(2)); s.find(); ) strings.add(s.group(1));
        assertTrue(strings.stream().allMatch(s -> s.length() <= 255), strings.toString());
        String value = String.join("", strings);
        assertTrue(value.startsWith("v=DKIM1; k=rsa; p="), value);
        if (Openssl.installed()) {
            assertEquals(Openssl.publicKey(key, DkimKey.Algorithm.RSA), value.substring(value.indexOf("p=") + 2),
                    "p= is the public half of the key written, as openssl derives it");
        }

        // The lines it says to add, added; a note sent; the record it printed, published.
        String config = made.out().substring(made.out().indexOf("\ndkim:\n") + 1);
        config = config.substring(0, config.indexOf("\n\n") + 1);
        assertEquals("dkim:\n  domain: kosmima.example\n  selector: shop2026\n  private_key_file: config/dkim-shop2026.pem\n", config);
        Files.writeString(ws.resolve("config/rapport.yaml"), config, StandardOpenOption.APPEND);
        assertEquals(0, CliRun.run(ws, "import", ws.resolve("samples/customers.csv").toString()).exit());
        CliRun.Result sent = CliRun.run(ws, "send", "--as-of", "2026-11-24", "--limit", "1");
        assertEquals(0, sent.exit(), sent.err());
        assumeTrue(Dkimpy.missing().isEmpty(), () -> "the signature is not verified: " + Dkimpy.missing().orElse(""));
        byte[] note;
        try (Stream<Path> files = Files.list(ws.resolve("outbox"))) {
            note = Files.readAllBytes(files.findFirst().orElseThrow());
        }
        try (Dkimpy dkimpy = Dkimpy.serving(dir.resolve("dns"), zone.group(1), List.of(Dkimpy.txtRecord(zone.group(1), strings)))) {
            assertEquals("pass", dkimpy.verify(note));
        }
    }

    @Test
    void keygenNeverOverwritesAKeyAndTakesTheDomainAndFileItIsGiven() throws Exception {
        Path ws = CliRun.sampleWorkspace(dir.resolve("ws"));
        assertEquals(0, CliRun.run(ws, "dkim", "keygen", "--selector", "s1").exit());
        String first = Files.readString(ws.resolve("config/dkim-s1.pem"));
        CliRun.Result again = CliRun.run(ws, "dkim", "keygen", "--selector", "s1");
        assertEquals(2, again.exit());
        assertTrue(again.err().contains("dkim-s1.pem already exists; a key is never overwritten"), again.err());
        assertEquals(first, Files.readString(ws.resolve("config/dkim-s1.pem")));

        CliRun.Result ed = CliRun.run(ws, "dkim", "keygen", "--selector", "ed", "--algorithm", "ed25519", "--domain", "News.Example",
                "--out", "keys/ed.pem", "--json");
        assertEquals(0, ed.exit(), ed.err());
        JsonNode json = Json.MAPPER.readTree(ed.out());
        assertEquals("ed._domainkey.news.example", json.get("record_name").asText());
        DkimKey key = DkimKey.load(ws.resolve("keys/ed.pem"));
        assertEquals("v=DKIM1; k=ed25519; p=" + key.publicKeyBase64(), json.get("record_value").asText());
        assertEquals(2, CliRun.run(ws, "dkim", "keygen", "--selector", "-x").exit());
        assertEquals(2, CliRun.run(ws, "dkim", "keygen", "--selector", "x", "--algorithm", "dsa").exit());
    }

    @Test
    void aKeyThatCannotSignStopsEveryCommandNamingTheKeyAndItsLine() throws Exception {
        Path ws = CliRun.sampleWorkspace(dir.resolve("ws"));
        String yaml = Files.readString(ws.resolve("config/rapport.yaml"));
        Files.writeString(ws.resolve("config/rapport.yaml"),
                yaml + "dkim:\n  domain: kosmima.example\n  selector: rapport2026\n  private_key_file: config/dkim.pem\n");
        int line = (int) yaml.lines().count() + 4;
        String where = "rapport: config/rapport.yaml:" + line + ": dkim.private_key_file: ";

        CliRun.Result missing = CliRun.run(ws, "send", "--as-of", "2026-11-24");
        assertEquals(2, missing.exit());
        assertEquals(where + "no such file: " + ws.resolve("config/dkim.pem").toAbsolutePath().normalize()
                + "; make one with `rapport dkim keygen --selector rapport2026 --domain kosmima.example --out config/dkim.pem`",
                missing.err().strip());

        Files.writeString(ws.resolve("config/dkim.pem"), "not a key\n");
        CliRun.Result bad = CliRun.run(ws, "preview", "zoe.kaplan@example.com");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().startsWith(where + "not a PEM key"), bad.err());

        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        Files.writeString(ws.resolve("config/dkim.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(rsa.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        CliRun.Result weak = CliRun.run(ws, "customers", "list");
        assertEquals(2, weak.exit());
        assertTrue(weak.err().startsWith(where + "an RSA key of 1024 bits; DKIM keys need 2048 bits or more"), weak.err());
    }
}
