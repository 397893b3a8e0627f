package rapport.dkim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Relaxed canonicalization, on RFC 6376's own example (section 3.4.6) and the line endings a note has. */
class CanonicalTest {
    @Test
    void headerFieldsLoseCaseFoldingAndExtraWhitespaceAsTheRfcExampleShows() {
        assertEquals("a:X", Canonical.header("A: X"));
        assertEquals("b:Y Z", Canonical.header("B : Y\t\r\n\tZ  "));
        assertEquals("subject:=?UTF-8?Q?Zo=C3=AB,_a?= =?UTF-8?Q?_note?=",
                Canonical.header("Subject: =?UTF-8?Q?Zo=C3=AB,_a?=\r\n =?UTF-8?Q?_note?="));
    }

    @Test
    void theBodyKeepsLinesButNotTheirTrailingWhitespaceNorTrailingEmptyLinesAsTheRfcExampleShows() throws Exception {
        assertEquals(sha256(" C\r\nD E\r\n"), body(" C \r\nD \t E\r\n\r\n\r\n"));
    }

    @Test
    void bareLineFeedsCountAsTheLineBreaksTheyBecomeOnTheWire() throws Exception {
        assertEquals(body("Hi Zoë,\r\nwelcome.\r\n"), body("Hi Zoë,\nwelcome.\n"));
        assertEquals(body("last line\r\n"), body("last line"));
    }

    @Test
    void anEmptyBodyHashesAsNothing() throws Exception {
        assertEquals(sha256(""), body(""));
        assertEquals(sha256(""), body("\r\n \r\n"));
    }

    @Test
    void aLongBodyIsHashedWholeAcrossTheBuffer() throws Exception {
        String line = "word ".repeat(30) + "\r\n";
        String text = line.repeat(2000) + "\r\n".repeat(5000) + "end";
        String expected = ("word ".repeat(29) + "word\r\n").repeat(2000) + "\r\n".repeat(5000) + "end\r\n";
        assertEquals(sha256(expected), body(text));
    }

    private static String body(String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        Canonical.body(bytes, 0, bytes.length, digest);
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
