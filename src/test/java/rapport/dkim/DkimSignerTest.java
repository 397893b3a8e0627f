package rapport.dkim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import rapport.config.RapportConfig;
import rapport.render.MessageComposer;
import rapport.render.Note;

/** The signer on notes as the composer builds them: what it writes, what it keeps, and dkimpy's verdict. */
class DkimSignerTest {
    /** Well in the past: a verifier refuses a signature time (t=) in its future. */
    private static final Instant SENT = Instant.parse("2025-03-04T14:00:05Z");
    private static final RapportConfig.Sender SENDER = new RapportConfig.Sender("Pano at Kosmima", "hello@kosmima.example",
            "replies@kosmima.example", "12 Boylston St, Chestnut Hill, MA 02467");
    private final MessageComposer composer = new MessageComposer(MessageComposer.offlineSession(), SENDER);

    @TempDir Path dir;

    /** A note with what makes signing hard: a long non-ASCII subject folded over lines, bare LF text, quoted-printable HTML. */
    static Note note(int customer) {
        return new Note(customer, "run-1", "care", "tip", "c" + customer + "@example.com", "Zoë Ångström",
                "Zoë, three habits that keep pearls and silk looking new for decades — a note from the workshop",
                "Hi Zoë,\n\nRead the guide:   https://kosmima.example/care  \n\nWas this useful?\n\n\n",
                "<p>Hi Zoë,</p>\n<p>" + "Pearls love being worn. ".repeat(60) + "</p>\n",
                "<r1." + customer + "@kosmima.example>", "replies+t" + customer + "@kosmima.example",
                "bounces+b" + customer + "@kosmima.example",
                List.of("<https://news.kosmima.example/u/tok" + customer + ">", "<mailto:replies+u" + customer + "@kosmima.example>"));
    }

    private static byte[] bytes(MimeMessage m) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        return out.toByteArray();
    }

    @Test
    void aSignedNoteIsFixedKeepsItsEnvelopeAndStillReadsAsTheSameNote() throws Exception {
        DkimSigner signer = new DkimSigner("Kosmima.example", "rapport2026", DkimKey.generate(DkimKey.Algorithm.ED25519));
        MimeMessage composed = composer.compose(note(7), SENT);
        MimeMessage signed = signer.sign(composed);

        byte[] once = bytes(signed);
        signed.saveChanges();
        assertArrayEquals(once, bytes(signed), "written twice, saved between: the same bytes");
        assertSame(signed, signer.sign(signed), "signed once only");
        String text = new String(once, StandardCharsets.ISO_8859_1);
        assertTrue(text.startsWith("DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed; d=kosmima.example;"), text);
        assertTrue(text.contains("t=" + SENT.getEpochSecond() + ";"), "t= is the Date header's time");
        assertFalse(text.replaceAll("\r\n", "").contains("\n") || text.replaceAll("\r\n", "").contains("\r"), "CRLF throughout");
        assertTrue(text.lines().allMatch(l -> l.length() <= 998));

        assertEquals("bounces+b7@kosmima.example", ((SMTPMessage) signed).getEnvelopeFrom());
        assertEquals("<r1.7@kosmima.example>", signed.getMessageID());
        MimeMultipart parts = (MimeMultipart) signed.getContent();
        assertTrue(((String) parts.getBodyPart(0).getContent()).startsWith("Hi Zoë,"));

        signed.setHeader("Return-Path", "<bounces+b7@kosmima.example>");
        assertTrue(new String(bytes(signed), StandardCharsets.ISO_8859_1).startsWith("Return-Path: <bounces+b7@kosmima.example>\r\nDKIM-Signature: "),
                "a Return-Path added after signing goes on top, unsigned");
    }

    @ParameterizedTest
    @EnumSource(DkimKey.Algorithm.class)
    void notesSignedOnSeveralThreadsAtOnceAllVerifyWithDkimpy(DkimKey.Algorithm algorithm) throws Exception {
        assumeTrue(Dkimpy.missing().isEmpty(), () -> "skipped: " + Dkimpy.missing().orElse(""));
        DkimKey key = DkimKey.generate(algorithm);
        DkimSigner signer = new DkimSigner("kosmima.example", "rapport2026", key);
        List<byte[]> signed = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<byte[]>> work = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int customer = i;
                work.add(pool.submit(() -> bytes(signer.sign(composer.compose(note(customer), SENT.plusSeconds(customer))))));
            }
            for (Future<byte[]> f : work) signed.add(f.get());
        } finally {
            pool.shutdownNow();
        }
        try (Dkimpy dkimpy = Dkimpy.serving(dir.resolve("dns"), signer.record())) {
            assertEquals(Collections.nCopies(signed.size(), "pass"), dkimpy.verify(signed));
        }
    }

    @Test
    void aKeyMadeByOpensslSignsNotesThatVerify() throws Exception {
        assumeTrue(Openssl.installed(), "openssl is not installed");
        assumeTrue(Dkimpy.missing().isEmpty(), () -> "skipped: " + Dkimpy.missing().orElse(""));
        List<byte[]> signed = new ArrayList<>();
        List<DkimRecord> records = new ArrayList<>();
        for (DkimKey.Algorithm algorithm : DkimKey.Algorithm.values()) {
            Path file = dir.resolve(algorithm.dnsName() + ".pem");
            Openssl.generate(file, algorithm);
            DkimSigner signer = new DkimSigner("kosmima.example", "openssl-" + algorithm.dnsName(), DkimKey.load(file));
            records.add(signer.record());
            signed.add(bytes(signer.sign(composer.compose(note(1), SENT))));
        }
        try (Dkimpy dkimpy = Dkimpy.serving(dir.resolve("dns"), records.toArray(DkimRecord[]::new))) {
            assertEquals(List.of("pass", "pass"), dkimpy.verify(signed));
        }
    }
}
