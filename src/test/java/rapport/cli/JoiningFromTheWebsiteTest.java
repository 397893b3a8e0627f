package rapport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A person joins from the shop's website, through real components only: the form posted to a
 * running {@code rapport serve}, the confirmation note received over SMTP (GreenMail), its link
 * opened (a page with a button) and pressed; then {@code customers show}, the new customer's first
 * {@code preview} and {@code send}. And {@code signup-form}, the snippet the shop pastes.
 */
class JoiningFromTheWebsiteTest {
    private static final Pattern CONFIRM = Pattern.compile("href=\"(http://127\\.0\\.0\\.1:\\d+/confirm/[^\"]+)\"");
    private static final String SIGNUP = """
            signup:
              enabled: true
              interests: [pearls, watches, rings, repairs]
              confirm_within_days: 7
            """;

    @TempDir Path dir;
    private LiveWorkspace live;
    private GreenMail mail;
    private Path ws;
    private String base;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void start() throws Exception {
        live = LiveWorkspace.start();
        mail = live.mail;
        base = live.base;
        ws = live.wire(CliRun.sample()).write(dir.resolve("ws"));
    }

    @AfterEach
    void stop() {
        live.close();
    }

    private void enableSignup() throws Exception {
        Files.writeString(ws.resolve("config/rapport.yaml"), SIGNUP, StandardOpenOption.APPEND);
    }

    @Test
    void aPersonJoinsConfirmsFromTheNoteAndGetsTheirFirstNote() throws Exception {
        enableSignup();
        ServeProcess serve = ServeProcess.start(dir, ws, "serve");
        try {
            ServeProcess.await(() -> serve.printed("next send"), "serve is up");
            assertTrue(serve.stdout().contains("join page on " + base + "/join"), serve.stdout());
            HttpResponse<String> joined = post(base + "/join",
                    "first_name=Zo%C3%AB&email=zoe.kaplan%40example.com&interests=pearls&interests=rings&consent=yes&website=");
            assertEquals(200, joined.statusCode(), joined.body());
            assertTrue(joined.body().contains("Check your inbox"));

            assertTrue(mail.waitForIncomingEmail(15_000, 1), "the confirmation note arrives");
            MimeMessage note = mail.getReceivedMessages()[0];
            assertEquals("zoe.kaplan@example.com", ((InternetAddress) note.getAllRecipients()[0]).getAddress());
            assertEquals("Please confirm: notes from Pano at Kosmima", note.getSubject());
            Matcher link = CONFIRM.matcher((String) ((MimeMultipart) note.getContent()).getBodyPart(1).getContent());
            assertTrue(link.find(), "the note carries the confirmation link");

            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(link.group(1))).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("Yes, add me"), page.body());
            HttpResponse<String> pressed = post(link.group(1), "");
            assertEquals(303, pressed.statusCode(), pressed.body());
        } finally {
            assertEquals(0, serve.terminate(), serve.stderr());
        }

        CliRun.Result shown = CliRun.run(ws, "customers", "show", "zoe.kaplan@example.com", "--json");
        assertEquals(0, shown.exit(), shown.err());
        JsonNode zoe = Json.MAPPER.readTree(shown.out());
        assertEquals("active", zoe.get("status").asText());
        assertEquals("new", zoe.get("stage").asText());
        List<String> types = new ArrayList<>();
        zoe.get("events").forEach(e -> types.add(e.get("type").asText()));
        assertEquals(List.of("signup"), types, "opening the link recorded nothing; pressing the button, the signup");
        String consent = zoe.get("events").get(0).get("detail").asText();
        assertTrue(consent.contains("from 127.0.0.1") && consent.contains("notes from Pano at Kosmima"), consent);

        CliRun.Result preview = CliRun.run(ws, "preview", "zoe.kaplan@example.com", "--json");
        assertEquals(0, preview.exit(), preview.err());
        JsonNode next = Json.MAPPER.readTree(preview.out());
        assertTrue(next.get("due").asBoolean(), next.toString());
        assertEquals("welcome", next.get("template").asText());
        assertTrue(next.get("html").asText().contains("Zoë"), "greeted by the name she gave");

        CliRun.Result sent = CliRun.run(ws, "send", "--json");
        assertEquals(0, sent.exit(), sent.err());
        assertTrue(mail.waitForIncomingEmail(15_000, 2), "her first note");
        MimeMessage welcome = mail.getReceivedMessages()[1];
        assertEquals("zoe.kaplan@example.com", ((InternetAddress) welcome.getAllRecipients()[0]).getAddress());
        assertFalse(welcome.getHeader("List-Unsubscribe") == null, "a note of the newsletter, with its way out");
    }

    @Test
    void signupFormPrintsTheFormThatPostsToTheJoinPage() throws Exception {
        CliRun.Result off = CliRun.run(ws, "signup-form");
        assertEquals(2, off.exit());
        assertTrue(off.err().contains("signup.enabled"), off.err());

        enableSignup();
        CliRun.Result on = CliRun.run(ws, "signup-form");
        assertEquals(0, on.exit(), on.err());
        String form = on.out();
        assertTrue(form.contains("<form class=\"rapport-join\" method=\"post\" action=\"" + base + "/join\""), form);
        for (String field : List.of("name=\"first_name\"", "name=\"email\"", "name=\"consent\"", "name=\"website\"",
                "value=\"pearls\"", "value=\"repairs\"", "Leave this field empty", "tabindex=\"-1\"", "autocomplete=\"off\"")) {
            assertTrue(form.contains(field), field + " in " + form);
        }
        assertTrue(form.contains("receive occasional notes from Pano at Kosmima"), form);
    }

    private HttpResponse<String> post(String url, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
