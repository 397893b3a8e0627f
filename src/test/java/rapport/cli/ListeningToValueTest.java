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
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a customer says reaches the choice, through real components only: a send to GreenMail;
 * the "Was this useful?" and preferences links taken from the received note; each opened with a
 * GET against a running {@code rapport serve} (nothing recorded) and answered with a POST; then
 * the timeline, the replies waiting, the next {@code preview}, an import, and the next send.
 */
class ListeningToValueTest {
    private static final Pattern RATING = Pattern.compile("href=\"(http://127\\.0\\.0\\.1:\\d+/f/[^\"?]+)\\?v=([a-z-]+)\"");
    private static final Pattern PREFERENCES = Pattern.compile("href=\"(http://127\\.0\\.0\\.1:\\d+/p/[^\"]+)\"");

    @TempDir Path dir;
    private LiveWorkspace live;
    private GreenMail mail;
    private Path ws;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void start() throws Exception {
        live = LiveWorkspace.start();
        mail = live.mail;
        ws = live.wire(CliRun.sample()).write(dir.resolve("ws"));
    }

    @AfterEach
    void stop() {
        live.close();
    }

    @Test
    void aRatingAndAChoiceOfPreferencesAreRecordedOnlyWhenPostedAndShapeTheNextNote() throws Exception {
        // On the real clock, as serve runs: they join today and get their welcome note now.
        Path joining = dir.resolve("joining.csv");
        Files.writeString(joining, """
                email,first_name,last_name,stage,interests
                zoe.kaplan@example.com,Zoë,Kaplan,new,engagement;rings
                marcus.bell@example.org,Marcus,Bell,new,pearls
                """);
        assertEquals(0, CliRun.run(ws, "import", joining.toString()).exit());
        CliRun.Result sent = CliRun.run(ws, "send");
        assertEquals(0, sent.exit(), sent.err());
        MimeMessage zoe = Received.by(mail, "zoe.kaplan@example.com");
        MimeMessage marcus = Received.by(mail, "marcus.bell@example.org");
        String zoeHtml = Received.html(zoe);
        assertTrue(zoeHtml.contains("Was this useful?"), "the footer asks");
        Matcher rating = RATING.matcher(zoeHtml);
        List<String> verdicts = new ArrayList<>();
        String ratingUrl = null;
        while (rating.find()) {
            ratingUrl = rating.group(1);
            verdicts.add(rating.group(2));
        }
        assertEquals(List.of("useful", "not-for-me"), verdicts, "Yes · Not for me, in that order");
        String preferences = Received.first(PREFERENCES, Received.html(marcus));
        assertTrue(text(zoe).contains(ratingUrl + "?v=useful"), "the text part asks too");

        ServeProcess serve = ServeProcess.start(dir, ws, "serve");
        try {
            ServeProcess.await(() -> serve.printed("next send"), "serve is up");

            // Opening the links records nothing: mail scanners follow links.
            HttpResponse<String> page = http.send(Received.get(ratingUrl + "?v=not-for-me"), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains(escaped(zoe.getSubject())), "the page names the note by its subject");
            assertEquals(200, http.send(Received.get(preferences), HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(List.of("sent"), Received.types(Received.show(ws, "zoe.kaplan@example.com")));
            assertEquals(List.of("sent"), Received.types(Received.show(ws, "marcus.bell@example.org")));

            // Not for me, with a word on what would be better; then she changes her mind: the last counts.
            HttpResponse<String> posted = post(ratingUrl, "v=not-for-me&comment="
                    + URLEncoder.encode("More about watch repairs, please", StandardCharsets.UTF_8));
            assertEquals(303, posted.statusCode(), posted.body());
            assertEquals(303, post(ratingUrl, "v=useful").statusCode());

            // Marcus chooses watches and a four-week pause.
            assertEquals(303, post(preferences, "interests=watches&interests=repairs&frequency=pause-4w").statusCode());
        } finally {
            assertEquals(0, serve.terminate(), serve.stderr());
        }

        JsonNode z = Received.show(ws, "zoe.kaplan@example.com");
        List<JsonNode> ratings = events(z, "rating");
        assertEquals(2, ratings.size());
        assertEquals("not-for-me", ratings.get(0).get("detail").asText());
        assertEquals("useful", ratings.get(1).get("detail").asText());
        assertEquals("welcome", ratings.get(1).get("piece").asText());
        JsonNode waiting = Json.MAPPER.readTree(CliRun.run(ws, "replies", "--json").out());
        assertEquals(1, waiting.size(), "the comment waits for a personal answer");
        assertEquals("zoe.kaplan@example.com", waiting.get(0).get("email").asText());
        assertEquals("More about watch repairs, please", waiting.get(0).get("snippet").asText());

        JsonNode report = Json.MAPPER.readTree(CliRun.run(ws, "report", "--json").out());
        JsonNode welcome = piece(report, "welcome");
        assertEquals(1, welcome.get("useful").asInt(), "her last rating counts, once");
        assertEquals(0, welcome.get("not_for_me").asInt());

        JsonNode m = Received.show(ws, "marcus.bell@example.org");
        assertEquals(java.util.Set.of("watches", "repairs"), java.util.Set.copyOf(strings(m.get("interests"))));
        assertEquals(1, events(m, "preference").size());
        assertTrue(events(m, "preference").get(0).get("detail").asText().contains("watches"));
        JsonNode previewed = Json.MAPPER.readTree(CliRun.run(ws, "preview", "marcus.bell@example.org", "--json").out());
        assertFalse(previewed.get("due").asBoolean());
        assertTrue(previewed.get("reason").asText().contains("paused"), previewed.get("reason").asText());

        // A later import of the shop's list does not overwrite what he chose.
        Files.writeString(joining, """
                email,first_name,last_name,stage,interests
                marcus.bell@example.org,Marcus,Bell,new,pearls;gifts
                """);
        assertEquals(0, CliRun.run(ws, "import", joining.toString()).exit());
        assertEquals(java.util.Set.of("watches", "repairs"), java.util.Set.copyOf(strings(Received.show(ws, "marcus.bell@example.org").get("interests"))));

        // A week and a day after the welcome went out, on the send's own timeline (not the calendar's).
        String weekLater = java.time.LocalDate.ofInstant(java.time.Instant.parse(events(z, "sent").get(0).get("at").asText()),
                java.time.ZoneId.of("America/New_York")).plusDays(8).toString();
        // Zoë's preview says how each candidate's learned value stands; once her comment is
        // answered, the next send goes to her and never to the paused Marcus.
        JsonNode next = Json.MAPPER.readTree(CliRun.run(ws, "preview", "zoe.kaplan@example.com", "--as-of",
                weekLater, "--json").out());
        next.get("candidates").forEach(c -> {
            if (c.get("eligible").asBoolean()) {
                assertTrue(c.has("learned") && c.get("learned").isNumber(), c.toString());
                assertTrue(c.has("evidence") && !c.get("evidence").asText().isEmpty(), c.toString());
            }
        });
        JsonNode later = Json.MAPPER.readTree(CliRun.run(ws, "preview", "marcus.bell@example.org", "--as-of",
                weekLater, "--json").out());
        assertFalse(later.get("due").asBoolean(), later.toString());
        assertEquals(0, CliRun.run(ws, "replies", "answered", waiting.get(0).get("id").asText()).exit());
        java.util.Map<String, Integer> before = perRecipient();
        CliRun.Result again = CliRun.run(ws, "send", "--as-of", weekLater, "--json");
        assertEquals(0, again.exit(), again.err());
        java.util.Map<String, Integer> after = perRecipient();
        assertEquals(before.get("marcus.bell@example.org"), after.get("marcus.bell@example.org"), "paused, Marcus hears nothing");
        assertEquals(before.get("zoe.kaplan@example.com") + 1, after.get("zoe.kaplan@example.com"), "answered, Zoë gets her next note");
    }

    private java.util.Map<String, Integer> perRecipient() throws Exception {
        java.util.Map<String, Integer> count = new java.util.HashMap<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            count.merge(((InternetAddress) m.getAllRecipients()[0]).getAddress(), 1, Integer::sum);
        }
        return count;
    }

    private static String text(MimeMessage m) throws Exception {
        return (String) ((MimeMultipart) m.getContent()).getBodyPart(0).getContent();
    }

    private static String escaped(String s) {
        return org.jsoup.nodes.Entities.escape(s);
    }

    private HttpResponse<String> post(String url, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<JsonNode> events(JsonNode customer, String type) {
        List<JsonNode> out = new ArrayList<>();
        customer.get("events").forEach(e -> {
            if (e.get("type").asText().equals(type)) out.add(e);
        });
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static JsonNode piece(JsonNode report, String template) {
        for (JsonNode p : report.get("pieces")) {
            if (p.get("template").asText().equals(template)) return p;
        }
        throw new AssertionError("no piece " + template + " in " + report);
    }
}
