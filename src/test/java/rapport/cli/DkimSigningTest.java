package rapport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import rapport.TestWorkspace;
import rapport.dkim.DkimKey;
import rapport.dkim.DkimRecord;
import rapport.dkim.Dkimpy;

/**
 * DKIM as a receiver checks it: the notes of a real {@code rapport send}, received by GreenMail
 * over SMTP or written to the outbox, signed with an RSA and with an Ed25519 key, verified by
 * Debian's dkimpy against the key a dnsmasq on loopback publishes; a note changed after signing
 * fails that check. The join confirmation that {@code serve} sends is signed as well.
 */
class DkimSigningTest {
    private static final String SELECTOR = "rapport2026";
    private static final int DUE = 30;

    @TempDir Path dir;

    @BeforeEach
    void needsTheVerifier() {
        assumeTrue(Dkimpy.missing().isEmpty(), () -> "skipped: " + Dkimpy.missing().orElse(""));
    }

    /** The sample workspace and customers, with a {@code dkim} section and its key written as an operator would. */
    static Path signing(TestWorkspace sample, Path ws, DkimKey key) throws Exception {
        sample.write(ws);
        Files.writeString(ws.resolve("config/dkim.pem"), key.toPem());
        Files.writeString(ws.resolve("config/rapport.yaml"), """
                dkim:
                  domain: kosmima.example
                  selector: %s
                  private_key_file: config/dkim.pem
                """.formatted(SELECTOR), StandardOpenOption.APPEND);
        assertEquals(0, CliRun.run(ws, "import", ws.resolve("samples/customers.csv").toString()).exit());
        return ws;
    }

    @ParameterizedTest
    @EnumSource(DkimKey.Algorithm.class)
    void notesSentOverSmtpVerifyAgainstTheKeyPublishedInDns(DkimKey.Algorithm algorithm) throws Exception {
        GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        mail.start();
        try {
            DkimKey key = DkimKey.generate(algorithm);
            Path ws = signing(CliRun.sample().smtp("127.0.0.1", mail.getSmtp().getPort()), dir.resolve("ws"), key);
            CliRun.Result sent = CliRun.run(ws, "send", "--as-of", "2026-11-24");
            assertEquals(0, sent.exit(), sent.err());

            MimeMessage[] received = mail.getReceivedMessages();
            assertEquals(DUE, received.length);
            List<byte[]> raw = new ArrayList<>();
            for (MimeMessage m : received) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                m.writeTo(bytes);
                raw.add(bytes.toByteArray());
            }
            try (Dkimpy dkimpy = Dkimpy.serving(dir.resolve("dns"), new DkimRecord(SELECTOR, "kosmima.example", key))) {
                assertEquals(Collections.nCopies(DUE, "pass"), dkimpy.verify(raw));
            }
            String signature = received[0].getHeader("DKIM-Signature")[0].replaceAll("\\s+", "");
            assertTrue(signature.startsWith("v=1;a=" + algorithm.tag() + ";c=relaxed/relaxed;d=kosmima.example;s=" + SELECTOR + ";"), signature);
            List<String> covered = Arrays.asList(signature.replaceAll(".*;h=([^;]*);.*", "$1").split(":"));
            assertTrue(covered.containsAll(List.of("from", "to", "subject", "date", "message-id", "reply-to", "mime-version",
                    "content-type", "list-unsubscribe", "list-unsubscribe-post")), covered.toString());
        } finally {
            mail.stop();
        }
    }

    @ParameterizedTest
    @EnumSource(DkimKey.Algorithm.class)
    void notesInTheOutboxVerifyAndAnyChangeAfterSigningFails(DkimKey.Algorithm algorithm) throws Exception {
        DkimKey key = DkimKey.generate(algorithm);
        Path ws = signing(CliRun.sample(), dir.resolve("ws"), key);
        CliRun.Result sent = CliRun.run(ws, "send", "--as-of", "2026-11-24");
        assertEquals(0, sent.exit(), sent.err());
        List<byte[]> notes = new ArrayList<>();
        try (Stream<Path> files = Files.list(ws.resolve("outbox"))) {
            for (Path f : files.sorted().toList()) notes.add(Files.readAllBytes(f));
        }
        assertEquals(DUE, notes.size());

        String note = new String(notes.get(0), StandardCharsets.ISO_8859_1);
        List<byte[]> changed = List.of(
                change(note, "(?m)^Subject: ", "Subject: Urgent: "),
                change(note, "(?m)^List-Unsubscribe: <", "List-Unsubscribe: <https://unsubscribe.example/take-over>, <"),
                // A second copy on top, where a reader would take it from: the signature lists one more than there was.
                change(note, "^", "List-Unsubscribe: <https://unsubscribe.example/take-over>\r\n"),
                change(note, "(?m)^From: .*$", "From: \"Pano at Kosmima\" <hello@kosmima.example.evil.example>"),
                change(note, "\r\n\r\n", "\r\n\r\nA line added on the way.\r\n"));
        String relaxed = new String(change(note, "(?m)^Subject: ", "Subject:   "), StandardCharsets.ISO_8859_1);
        try (Dkimpy dkimpy = Dkimpy.serving(dir.resolve("dns"), new DkimRecord(SELECTOR, "kosmima.example", key))) {
            assertEquals(Collections.nCopies(DUE, "pass"), dkimpy.verify(notes));
            List<String> verdicts = dkimpy.verify(changed);
            for (int i = 0; i < verdicts.size(); i++) assertTrue(verdicts.get(i).startsWith("fail"), "change " + i + ": " + verdicts.get(i));
            assertEquals("pass", dkimpy.verify(relaxed.getBytes(StandardCharsets.ISO_8859_1)), "whitespace a relay may add is no change");
        }
    }

    @Test
    void theJoinConfirmationServeSendsIsSignedToo() throws Exception {
        GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        mail.start();
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            DkimKey key = DkimKey.generate(DkimKey.Algorithm.RSA);
            Path ws = signing(CliRun.sample().smtp("127.0.0.1", mail.getSmtp().getPort()).trackingBaseUrl("http://127.0.0.1:" + port)
                    .trackingListen("127.0.0.1:" + port), dir.resolve("ws"), key);
            Files.writeString(ws.resolve("config/rapport.yaml"), "signup:\n  enabled: true\n", StandardOpenOption.APPEND);
            ServeProcess serve = ServeProcess.start(dir, ws, "serve");
            try {
                ServeProcess.await(() -> serve.printed("next send"), "serve is up");
                HttpResponse<String> joined = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/join"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("first_name=Ana&email=ana%40example.com&consent=yes&website=")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, joined.statusCode(), joined.body());
                assertTrue(mail.waitForIncomingEmail(15_000, 1), "the confirmation note arrives");
            } finally {
                assertEquals(0, serve.terminate(), serve.stderr());
            }
            ByteArrayOutputStream confirmation = new ByteArrayOutputStream();
            mail.getReceivedMessages()[0].writeTo(confirmation);
            try (Dkimpy dkimpy = Dkimpy.serving(dir.resolve("dns"), new DkimRecord(SELECTOR, "kosmima.example", key))) {
                assertEquals("pass", dkimpy.verify(confirmation.toByteArray()));
            }
        } finally {
            mail.stop();
        }
    }

    private static byte[] change(String note, String regex, String replacement) {
        String changed = note.replaceFirst(regex, replacement);
        assertTrue(!changed.equals(note), "nothing matched " + regex);
        return changed.getBytes(StandardCharsets.ISO_8859_1);
    }
}
