package rapport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the end-to-end tests read back: the note a customer received, the links in it, the
 * request a person's browser makes for one, and the customer's timeline as {@code customers show}
 * tells it. Stateless.
 */
final class Received {
    private Received() {}

    static MimeMessage by(GreenMail mail, String email) throws Exception {
        for (MimeMessage m : mail.getReceivedMessages()) {
            if (address(m).equals(email)) return m;
        }
        throw new AssertionError("nothing was sent to " + email);
    }

    static String address(MimeMessage m) throws Exception {
        return ((InternetAddress) m.getAllRecipients()[0]).getAddress();
    }

    /** The HTML part, with {@code &amp;} turned back into {@code &} so links read as URLs. */
    static String html(MimeMessage m) throws Exception {
        return ((String) ((MimeMultipart) m.getContent()).getBodyPart(1).getContent()).replace("&amp;", "&");
    }

    static String first(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        assertTrue(m.find(), "no " + pattern + " in " + text);
        return m.group(1);
    }

    /** A GET as a person's browser makes it (not a scanner's). */
    static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("User-Agent", "Mozilla/5.0 (Macintosh) AppleWebKit").GET().build();
    }

    static JsonNode show(Path ws, String email) throws Exception {
        CliRun.Result r = CliRun.run(ws, "customers", "show", email, "--json");
        assertEquals(0, r.exit(), r.err());
        return Json.MAPPER.readTree(r.out());
    }

    static List<String> types(JsonNode customer) {
        List<String> out = new ArrayList<>();
        customer.get("events").forEach(e -> out.add(e.get("type").asText()));
        return out;
    }
}
