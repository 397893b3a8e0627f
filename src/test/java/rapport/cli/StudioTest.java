package rapport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rapport.studio.Studio;
import rapport.tokens.Tokens;

/** {@code rapport studio} over real HTTP, on the sample workspace with its database and a real SMTP server. */
class StudioTest {
    @TempDir static Path dir;
    static StudioFixture fixture;
    static Path ws;
    static LiveWorkspace live;
    static Studio studio;
    static String base;
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    static String cookie;

    @BeforeAll
    static void start() throws Exception {
        fixture = StudioFixture.start(dir);
        ws = fixture.ws;
        live = fixture.live;
        studio = fixture.studio;
        base = fixture.base;
        cookie = fixture.cookie(HTTP);
    }

    @AfterAll
    static void stop() {
        if (fixture != null) fixture.close();
    }

    static HttpResponse<String> get(String path, boolean withKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (withKey) request.header("Cookie", cookie.substring(0, cookie.indexOf(';')));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String page(String path) throws Exception {
        HttpResponse<String> response = get(path, true);
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    static HttpResponse<String> post(String path, String form) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie.substring(0, cookie.indexOf(';')))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void theKeyOpensTheStudioOnceAndACookieKeepsItEveryOtherRequestIsRefused() throws Exception {
        assertTrue(studio.url().matches("http://127\\.0\\.0\\.1:\\d+/\\?key=[0-9a-f]{32}"), studio.url());
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
        for (String path : new String[] {"/", "/customer?email=zoe.kaplan%40example.com", "/events", "/report", "/nowhere"}) {
            assertEquals(403, get(path, false).statusCode(), path);
        }
        assertEquals(403, get("/?key=00112233445566778899aabbccddeeff", false).statusCode());
        assertTrue(page("/").contains("Catalog"));
    }

    @Test
    void theCatalogListsEveryPieceWithItsAudienceAndLintErrorsInPlace() throws Exception {
        String catalog = page("/");
        for (String piece : new String[] {"welcome", "pearl-care", "watch-care", "what-should-we-do-better"}) {
            assertTrue(catalog.contains("id=\"piece-" + piece + "\""), piece);
        }
        assertTrue(catalog.contains("stages: new"), catalog);
        assertTrue(catalog.contains("learned value"), catalog);
        int blast = catalog.indexOf("id=\"piece-blast\"");
        assertTrue(blast > 0, catalog);
        String card = catalog.substring(blast, catalog.indexOf("</section>", blast));
        assertTrue(card.contains("fails lint: never sent"), card);
        assertTrue(card.contains("error: uses no customer data at all"), card);
    }

    @Test
    void eachPieceSaysHowManyCustomersItWouldGoToThisWeekAsTheDryRunCountsThem() throws Exception {
        String catalog = page("/");
        for (int i = 0; i < 200 && catalog.contains("counting…"); i++) {
            assertTrue(catalog.contains("data-counting=\""), "a page drawn while counting reloads when the count ends");
            Thread.sleep(50);
            catalog = page("/");
        }
        assertFalse(catalog.contains("counting…"), "counted within 10 s: " + catalog);
        assertFalse(catalog.contains("data-counting"), catalog);
        CliRun.Result dry = CliRun.run(ws, "send", "--dry-run", "--json", "--as-of", "2026-11-24T15:00:00Z");
        assertEquals(0, dry.exit(), dry.err());
        JsonNode json = new ObjectMapper().readTree(dry.out());
        assertTrue(json.get("pieces").size() >= 2, "the sample's week sends several pieces: " + dry.out());
        assertTrue(catalog.contains("This week " + json.get("due").asInt() + " customers are due a note."), catalog);
        for (var pieces = json.get("pieces").fields(); pieces.hasNext(); ) {
            var entry = pieces.next();
            String piece = entry.getKey();
            int n = entry.getValue().asInt();
            assertTrue(card(catalog, piece).contains("this week: " + n + " customer" + (n == 1 ? "<" : "s<")), piece + ": " + card(catalog, piece));
        }
        assertTrue(card(catalog, "blast").contains("this week: 0 customers"), "a piece lint refuses goes to nobody");
    }

    private static String card(String catalog, String piece) {
        int at = catalog.indexOf("id=\"piece-" + piece + "\"");
        assertTrue(at > 0, piece);
        return catalog.substring(at, catalog.indexOf("</section>", at));
    }

    @Test
    void aCustomersPageShowsTheDecisionEveryCandidateAndTheNoteInTwoFrames() throws Exception {
        String found = page("/customers?q=kapl");
        assertTrue(found.contains("href=\"/customer?email=zoe.kaplan%40example.com\""), found);
        String p = page("/customer?email=zoe.kaplan%40example.com");
        assertTrue(p.contains("<strong>Due: yes</strong>"), p);
        assertTrue(p.contains("<strong>Chosen:</strong> welcome"), p);
        assertTrue(p.contains("Welcome to Kosmima, Zoë"), p);
        assertTrue(p.contains("− blast"), "the piece lint refuses is a candidate that lost: " + p);
        assertEquals(20, p.split("<li class=\"candidate", -1).length - 1, "one per piece");
        assertEquals(2, p.split("<iframe ", -1).length - 1);
        assertTrue(p.contains("sandbox srcdoc=\"") && p.contains("Hi Zoë,"), p);
        assertFalse(p.contains("/o/"), "no open pixel in the preview: it would count as Zoë opening it");
        assertEquals(404, get("/customer?email=nobody%40example.com", true).statusCode());
    }

    @Test
    void anyPieceRendersForTheCustomerAndOneThatFailsLintSaysWhyWhereTheNoteWas() throws Exception {
        String pearl = page("/customer?email=zoe.kaplan%40example.com&piece=pearl-care");
        assertTrue(pearl.contains("The piece pearl-care for this customer"), pearl);
        assertTrue(pearl.contains("<option value=\"pearl-care\" selected>"), pearl);
        String blast = page("/customer?email=zoe.kaplan%40example.com&piece=blast");
        assertTrue(blast.contains("id=\"preview-error\"") && blast.contains("fails lint"), blast);
        assertFalse(blast.contains("<iframe"), blast);
    }

    @Test
    void aTestCopyReachesTheMarketerWithTestInItsSubjectAndNothingIsRecordedOnTheCustomer() throws Exception {
        String p = page("/customer?email=zoe.kaplan%40example.com");
        String token = Received.first(Pattern.compile("name=\"token\" value=\"([0-9a-f]+)\""), p);
        assertEquals(403, post("/send-test", "token=bad&email=zoe.kaplan%40example.com&piece=&to=me%40kosmima.example").statusCode());
        HttpResponse<String> sent = post("/send-test", "token=" + token + "&email=zoe.kaplan%40example.com&piece=&to=me%40kosmima.example");
        assertEquals(303, sent.statusCode(), sent.body());
        String after = page(sent.headers().firstValue("Location").orElseThrow());
        assertTrue(after.contains("A test copy is on its way to me@kosmima.example."), after);
        assertTrue(live.mail.waitForIncomingEmail(5000, 1));
        MimeMessage m = Received.by(live.mail, "me@kosmima.example");
        assertEquals("[TEST] Welcome to Kosmima, Zoë", m.getSubject());
        assertTrue(Received.html(m).contains("Hi Zoë,"));
        assertEquals("replies@kosmima.example", m.getReplyTo()[0].toString(), "a reply to the test is not Zoë's");
        String html = Received.html(m);
        assertFalse(html.contains("/c/"), "its links lead straight to their targets, counting no click: " + html);
        java.util.regex.Matcher links = Pattern.compile("/([ufpo])/([A-Za-z0-9_.~-]+?)(?:\\.gif)?[\"?]").matcher(html);
        int refused = 0;
        while (links.find()) {
            Tokens.Purpose purpose = switch (links.group(1)) {
                case "u" -> Tokens.Purpose.UNSUBSCRIBE;
                case "f" -> Tokens.Purpose.FEEDBACK;
                case "p" -> Tokens.Purpose.PREFERENCES;
                default -> Tokens.Purpose.OPEN;
            };
            assertTrue(fixture.workspace.tokens().verify(purpose, links.group(2)).isEmpty(),
                    "the tracking server refuses the test copy's " + links.group());
            refused++;
        }
        assertTrue(refused >= 4, "unsubscribe, preferences, rating and the pixel: " + html);
        assertEquals(1, live.mail.getReceivedMessages().length);
        assertTrue(Received.types(Received.show(ws, "zoe.kaplan@example.com")).isEmpty(), "nothing on Zoë's timeline");
        String bad = post("/send-test", "token=" + token + "&email=zoe.kaplan%40example.com&piece=&to=not-an-address").body();
        assertTrue(bad.contains("Type the address the test should go to"), bad);
    }

    @Test
    void savingATemplateTellsTheOpenPagesWithinTwoSeconds() throws Exception {
        HttpRequest events = HttpRequest.newBuilder(URI.create(base + "/events"))
                .header("Cookie", cookie.substring(0, cookie.indexOf(';'))).build();
        HttpResponse<InputStream> stream = HTTP.send(events, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            String first = nextStamp(lines);
            String drawn = Received.first(Pattern.compile("data-stamp=\"(-?\\d+)\""), page("/"));
            assertEquals(first, drawn, "the page is drawn with the stamp the stream starts with");
            Path welcome = ws.resolve("templates/watch-care.ftlh");
            Files.writeString(welcome, Files.readString(welcome) + "\n<#-- edited -->\n");
            Files.setLastModifiedTime(welcome, FileTime.from(StudioFixture.AS_OF));
            CompletableFuture<String> next = CompletableFuture.supplyAsync(() -> nextStamp(lines));
            String changed = next.get(2, TimeUnit.SECONDS);
            assertNotEquals(first, changed);
            assertTrue(page("/").contains("data-stamp=\"" + changed + "\""));
        }
    }

    /** The next {@code stamp} event's data; other events (a count that ended) pass by. */
    private static String nextStamp(BufferedReader lines) {
        try {
            String line;
            String event = "";
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("event: ")) event = line.substring(7);
                if (line.startsWith("data: ") && event.equals("stamp")) return line.substring(6);
            }
            throw new AssertionError("the stream ended");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aSecondStudioOnTheSamePortIsOneLineNamingTheWayOut() {
        CliRun.Result r = CliRun.run(ws, "studio", "--port", Integer.toString(studio.port()));
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().startsWith("rapport: cannot listen on 127.0.0.1:" + studio.port()), r.err());
        assertTrue(r.err().contains("--port picks another port"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void theReportIsThePageReportOutWrites() throws Exception {
        HttpResponse<String> report = get("/report", true);
        assertEquals(200, report.statusCode());
        assertTrue(report.body().contains("Relationship report") && report.body().contains("Stage funnel"), report.body());
    }

}
