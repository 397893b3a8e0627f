package rapport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rapport.TestWorkspace;

/**
 * A partner brings a friend, through real components only: the partner's note received over SMTP
 * (GreenMail) carries their invitation; the friend opens it on a running {@code rapport serve},
 * sees who invited them, joins and confirms from their own confirmation note; a {@code send} as of
 * a day past {@code referrals.count_after_days} counts the friend, the reward waits in
 * {@code rapport rewards}, is approved, and goes to the partner in the next send whatever the
 * reward piece's stages.
 */
class BringingFriendsTest {
    private static final Pattern INVITATION = Pattern.compile("href=\"(http://127\\.0\\.0\\.1:\\d+/join\\?r=[^\"]+)\"");
    private static final Pattern CONFIRM = Pattern.compile("href=\"(http://127\\.0\\.0\\.1:\\d+/confirm/[^\"]+)\"");
    static final String CLUB = """
            signup:
              enabled: true
              confirm_within_days: 7
            referrals:
              stages: [partner]
              count_after_days: 14
              rewards:
                - { at: 1, piece: thank-you-for-the-introduction }
            """;
    static final String BRING_A_FRIEND = """
            <#--
            subject: "${customer.firstName!'Hello'}, bring a friend to the club"
            stages: [partner]
            kind: referral
            priority: 99
            repeat: never
            -->
            <p>Hi ${customer.firstName!"there"},</p>
            <p>If a friend would like our notes too, send them your own invitation:
            <a href="${links.referral}">join the club</a>.</p>
            """;
    static final String THANK_YOU = """
            <#--
            subject: "${customer.firstName!'Hello'}, thank you for the introduction"
            stages: [new]
            kind: reward
            priority: 10
            repeat: never
            -->
            <p>Hi ${customer.firstName!"there"},</p>
            <p>You have brought ${customer.referrals} friend<#if customer.referrals != 1>s</#if> to the club.
            Your next cleaning is on us.</p>
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
        ws = live.wire(TestWorkspace.sample()).template("bring-a-friend.ftlh", BRING_A_FRIEND)
                .template("thank-you-for-the-introduction.ftlh", THANK_YOU).write(dir.resolve("ws"));
        Files.writeString(ws.resolve("config/rapport.yaml"), CLUB, java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(ws.resolve("partners.csv"), "email,first_name,stage,joined_at\npat.moreau@example.com,Pat,partner,2026-02-20\n");
        CliRun.Result imported = CliRun.run(ws, "import", ws.resolve("partners.csv").toString());
        assertEquals(0, imported.exit(), imported.err());
    }

    @AfterEach
    void stop() {
        live.close();
    }

    @Test
    void aFriendInvitedByAPartnerCountsOnceTheyStayedAndTheApprovedRewardGoesOut() throws Exception {
        CliRun.Result lint = CliRun.run(ws, "templates", "lint");
        assertFalse(lint.out().contains("links.referral"), lint.out());

        CliRun.Result first = CliRun.run(ws, "send", "--as-of", "2026-03-03", "--json");
        assertEquals(0, first.exit(), first.err());
        assertTrue(mail.waitForIncomingEmail(15_000, 1), first.out());
        MimeMessage note = Received.by(mail, "pat.moreau@example.com");
        assertEquals("Pat, bring a friend to the club", note.getSubject());
        String invitation = Received.first(INVITATION, Received.html(note));

        ServeProcess serve = ServeProcess.start(dir, ws, "serve");
        try {
            ServeProcess.await(() -> serve.printed("next send"), "serve is up");
            HttpResponse<String> page = http.send(Received.get(invitation), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("Pat invited you"), page.body());
            assertFalse(page.body().contains("pat.moreau"), "the page names the inviter by first name only");
            String token = invitation.substring(invitation.indexOf("?r=") + 3);

            HttpResponse<String> joined = post(base + "/join", "first_name=Lea&email=lea.dubois%40example.org&consent=yes&website=&r="
                    + URLEncoder.encode(token, StandardCharsets.UTF_8));
            assertEquals(200, joined.statusCode(), joined.body());
            assertTrue(mail.waitForIncomingEmail(15_000, 2), "the friend's confirmation note");
            String confirm = Received.first(CONFIRM, Received.html(Received.by(mail, "lea.dubois@example.org")));
            assertEquals(303, post(confirm, "").statusCode());
        } finally {
            assertEquals(0, serve.terminate(), serve.stderr());
        }

        JsonNode lea = Received.show(ws, "lea.dubois@example.org");
        assertEquals("active", lea.get("status").asText());
        Instant joinedAt = Instant.parse(lea.get("events").get(0).get("at").asText());
        CliRun.Result preview = CliRun.run(ws, "preview", "lea.dubois@example.org", "--json");
        assertEquals(0, preview.exit(), preview.err());

        CliRun.Result early = CliRun.run(ws, "send", "--as-of", joinedAt.plus(13, ChronoUnit.DAYS).toString(), "--json");
        assertEquals(0, early.exit(), early.err());
        assertEquals(0, rewards().size(), "not counted before count_after_days");
        assertFalse(Received.types(Received.show(ws, "pat.moreau@example.com")).contains("referral"));

        Instant later = joinedAt.plus(15, ChronoUnit.DAYS);
        CliRun.Result counted = CliRun.run(ws, "send", "--as-of", later.toString(), "--json");
        assertEquals(0, counted.exit(), counted.err());
        assertEquals(1, rewards().size(), "counted once the friend stayed: " + counted.out());
        JsonNode reward = rewards().get(0);
        assertEquals("pat.moreau@example.com", reward.get("email").asText());
        assertEquals(1, reward.get("at").asInt());
        assertEquals("thank-you-for-the-introduction", reward.get("piece").asText());
        assertEquals("waiting", reward.get("state").asText());
        JsonNode pat = Received.show(ws, "pat.moreau@example.com");
        assertEquals(1, pat.get("referrals").asInt());
        assertEquals("Pat", Received.show(ws, "lea.dubois@example.org").get("referred_by").asText());
        assertTrue(Received.types(pat).contains("referral"), pat.toString());
        assertTrue(Received.types(pat).contains("reward"), pat.toString());

        int before = mail.getReceivedMessages().length;
        CliRun.Result waiting = CliRun.run(ws, "send", "--as-of", later.plus(1, ChronoUnit.DAYS).toString(), "--json");
        assertEquals(0, waiting.exit(), waiting.err());
        assertTrue(mail.getReceivedMessages().length == before
                || java.util.Arrays.stream(mail.getReceivedMessages()).skip(before).noneMatch(this::isThankYou),
                "nothing goes before the owner approves");

        CliRun.Result approved = CliRun.run(ws, "rewards", "approve", reward.get("id").asText());
        assertEquals(0, approved.exit(), approved.err());
        assertTrue(approved.out().contains("goes to pat.moreau@example.com in the next send"), approved.out());
        CliRun.Result again = CliRun.run(ws, "rewards", "approve", reward.get("id").asText());
        assertEquals(2, again.exit(), "an approved reward cannot be approved twice");

        CliRun.Result delivered = CliRun.run(ws, "send", "--as-of", later.plus(2, ChronoUnit.DAYS).toString(), "--json");
        assertEquals(0, delivered.exit(), delivered.err());
        MimeMessage thanks = java.util.Arrays.stream(mail.getReceivedMessages()).filter(this::isThankYou).findFirst()
                .orElseThrow(() -> new AssertionError("the reward went out"));
        assertEquals("pat.moreau@example.com", Received.address(thanks));
        assertTrue(Received.html(thanks).contains("You have brought 1 friend to the club"), Received.html(thanks));
        assertEquals("sent", rewards().get(0).get("state").asText());

        CliRun.Result report = CliRun.run(ws, "report", "--json", "--as-of", later.toString());
        assertEquals(0, report.exit(), report.err());
        JsonNode months = Json.MAPPER.readTree(report.out()).get("months");
        JsonNode month = months.get(months.size() - 1);
        assertEquals(1, month.get("referrals").asInt(), months.toString());
        assertEquals(1, month.get("rewards").asInt(), months.toString());
    }

    private boolean isThankYou(MimeMessage m) {
        try {
            return m.getSubject().contains("thank you for the introduction");
        } catch (jakarta.mail.MessagingException e) {
            throw new AssertionError(e);
        }
    }

    private JsonNode rewards() throws Exception {
        CliRun.Result r = CliRun.run(ws, "rewards", "--json");
        assertEquals(0, r.exit(), r.err());
        return Json.MAPPER.readTree(r.out()).get("rewards");
    }

    private HttpResponse<String> post(String url, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
