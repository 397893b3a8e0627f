package rapport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rapport.config.RapportConfig;
import rapport.store.Database;

/**
 * The whole loop through real components: a send to GreenMail, then the pixel, click and
 * unsubscribe URLs taken from the received messages and requested over HTTP against a running
 * {@code rapport serve}, a reply and a bounce delivered into GreenMail's IMAP and read by the
 * poll that serve fires, and finally each customer's timeline as {@code customers show} tells it.
 */
class ListeningBackTest {
    private static final Pattern PIXEL = Pattern.compile("src=\"(http://127\\.0\\.0\\.1:\\d+/o/[^\"]+)\"");
    private static final Pattern CLICK = Pattern.compile("href=\"(http://127\\.0\\.0\\.1:\\d+/c/[^\"]+)\"");

    @TempDir Path dir;
    private GreenMail mail;
    private Path ws;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void start() throws Exception {
        mail = new GreenMail(new ServerSetup[] {
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort(),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort()});
        mail.start();
        mail.setUser("replies@kosmima.example", "replies@kosmima.example", "imap-pw");
        int httpPort;
        try (ServerSocket s = new ServerSocket(0)) {
            httpPort = s.getLocalPort();
        }
        ws = CliRun.sample().smtp("127.0.0.1", mail.getSmtp().getPort())
                .trackingBaseUrl("http://127.0.0.1:" + httpPort).trackingListen("127.0.0.1:" + httpPort)
                .schedulePoll("0/1 * * * * ?").imap("127.0.0.1", mail.getImap().getPort(), "replies@kosmima.example", "imap-pw")
                .imapTimeoutSeconds(5).write(dir.resolve("ws"));
        // The welcome note gains a link, so a new customer has something to click.
        Path welcome = ws.resolve("templates/welcome.ftlh");
        Files.writeString(welcome, Files.readString(welcome).replace("<@layout.signature/>",
                "<p><a href=\"https://kosmima.example/visit?from=welcome\">Plan a visit</a></p>\n<@layout.signature/>"));
    }

    @AfterEach
    void stop() {
        mail.stop();
    }

    @Test
    void opensClicksUnsubscribesRepliesAndBouncesReachTheTimeline() throws Exception {
        // Everything on the real clock, as serve runs: they join today and get their first note now.
        Path joining = dir.resolve("joining.csv");
        Files.writeString(joining, """
                email,first_name,last_name,stage,interests
                zoe.kaplan@example.com,Zoë,Kaplan,new,engagement;rings
                marcus.bell@example.org,Marcus,Bell,new,watches;repairs
                priya.raman@example.net,Priya,Raman,new,gifts;gold
                dana.moss@example.com,Dana,Moss,new,pearls
                """);
        assertEquals(0, CliRun.run(ws, "import", joining.toString()).exit());
        CliRun.Result sent = CliRun.run(ws, "send");
        assertEquals(0, sent.exit(), sent.err());
        MimeMessage zoe = Received.by(mail, "zoe.kaplan@example.com");
        MimeMessage marcus = Received.by(mail, "marcus.bell@example.org");
        MimeMessage priya = Received.by(mail, "priya.raman@example.net");
        MimeMessage bounced = Arrays.stream(mail.getReceivedMessages()).filter(m -> m != zoe && m != marcus && m != priya)
                .findFirst().orElseThrow();
        String bouncedEmail = Received.address(bounced);
        // Zoë read her note an hour after it arrived: a person, not a scanner fetching on delivery.
        sql("update deliveries set sent_at = dateadd('HOUR', -1, sent_at) where message_id = ?", zoe.getMessageID());

        ServeProcess serve = ServeProcess.start(dir, ws, "serve");
        try {
            ServeProcess.await(() -> serve.printed("next send"), "serve is up");
            String html = Received.html(zoe);
            HttpResponse<byte[]> pixel = http.send(Received.get(Received.first(PIXEL, html)), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, pixel.statusCode());
            assertEquals("image/gif", pixel.headers().firstValue("Content-Type").orElseThrow());
            String click = Received.first(CLICK, html);
            HttpResponse<String> redirect = http.send(Received.get(click), HttpResponse.BodyHandlers.ofString());
            assertEquals(302, redirect.statusCode());
            String target = java.net.URLDecoder.decode(click.substring(click.indexOf("?u=") + 3), StandardCharsets.UTF_8);
            assertEquals(target, redirect.headers().firstValue("Location").orElseThrow());
            HttpResponse<String> forged = http.send(Received.get(click.replace("?u=", "?u=https%3A%2F%2Fevil.example%2F%3Fx%3D")),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, forged.statusCode());
            assertTrue(forged.headers().firstValue("Location").isEmpty(), "never an open redirect");

            String unsubscribe = marcus.getHeader("List-Unsubscribe")[0].replaceAll("^<([^>]+)>.*$", "$1");
            assertEquals(200, http.send(Received.get(unsubscribe), HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals("active", Received.show(ws, "marcus.bell@example.org").get("status").asText(), "a GET only shows the page");
            HttpResponse<String> oneClick = http.send(HttpRequest.newBuilder(URI.create(unsubscribe))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, oneClick.statusCode());

            deliver(reply(priya));
            deliver(dsn(bounced, bouncedEmail));
            ServeProcess.await(() -> hasEvent(bouncedEmail, "bounce") && hasEvent("priya.raman@example.net", "reply"),
                    "the scheduled poll reads the reply and the bounce");
            ServeProcess.await(() -> hasEvent("zoe.kaplan@example.com", "stage"), "the stage rules run after the poll");
        } finally {
            assertEquals(0, serve.terminate(), serve.stderr());
        }

        JsonNode z = Received.show(ws, "zoe.kaplan@example.com");
        assertEquals(List.of("sent", "open", "click", "stage"), Received.types(z));
        assertEquals("acquaintance", z.get("stage").asText(), "a human click moves a new customer up");
        assertFalse(z.get("events").get(1).get("machine").asBoolean());
        assertEquals("unsubscribed", Received.show(ws, "marcus.bell@example.org").get("status").asText());
        assertEquals(List.of("sent", "unsubscribe"), Received.types(Received.show(ws, "marcus.bell@example.org")));
        assertEquals("bounced", Received.show(ws, bouncedEmail).get("status").asText());

        JsonNode p = Received.show(ws, "priya.raman@example.net");
        assertTrue(p.get("awaiting_reply").asBoolean());
        JsonNode waiting = Json.MAPPER.readTree(CliRun.run(ws, "replies", "--json").out());
        assertEquals(1, waiting.size());
        assertEquals("priya.raman@example.net", waiting.get(0).get("email").asText());
        assertEquals("Thank you, the gold chain is perfect for my sister.", waiting.get(0).get("snippet").asText());
        assertTrue(CliRun.run(ws, "preview", "priya.raman@example.net").out().contains("personal answer"));

        assertEquals(0, CliRun.run(ws, "replies", "answered", waiting.get(0).get("id").asText()).exit());
        assertEquals(0, Json.MAPPER.readTree(CliRun.run(ws, "replies", "--json").out()).size());
        assertFalse(Received.show(ws, "priya.raman@example.net").get("awaiting_reply").asBoolean());
    }

    private MimeMessage reply(MimeMessage original) throws Exception {
        String to = original.getHeader("Reply-To")[0];
        String raw = "From: Priya Raman <priya.raman@example.net>\r\nTo: " + to + "\r\nSubject: Re: " + original.getSubject()
                + "\r\nMessage-ID: <reply-1@example.net>\r\nIn-Reply-To: " + original.getMessageID()
                + "\r\nDate: Wed, 25 Nov 2026 10:00:00 -0500\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
                + "Thank you, the gold chain is perfect for my sister.\r\n\r\n"
                + "On Tue, Nov 24, 2026 at 9:00 AM Pano at Kosmima <hello@kosmima.example> wrote:\r\n> Hi Priya,\r\n> a note\r\n";
        return parse(raw);
    }

    private MimeMessage dsn(MimeMessage original, String recipient) throws Exception {
        String envelope = original.getHeader("Return-Path")[0].replaceAll("[<>]", "");
        String raw = "From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\r\nTo: " + envelope
                + "\r\nSubject: Undelivered Mail Returned to Sender\r\nMessage-ID: <dsn-1@mx.example.org>"
                + "\r\nDate: Tue, 24 Nov 2026 09:01:00 -0500\r\nAuto-Submitted: auto-replied\r\nMIME-Version: 1.0"
                + "\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\r\n\r\n"
                + "--b1\r\nContent-Type: text/plain\r\n\r\nI'm sorry to have to inform you that your message could not be delivered.\r\n"
                + "--b1\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.org\r\n\r\n"
                + "Final-Recipient: rfc822; " + recipient + "\r\nAction: failed\r\nStatus: 5.1.1\r\n"
                + "Diagnostic-Code: smtp; 550 5.1.1 <" + recipient + ">: Recipient address rejected: User unknown\r\n\r\n"
                + "--b1\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: " + original.getMessageID()
                + "\r\nSubject: " + original.getSubject() + "\r\n\r\n--b1--\r\n";
        return parse(raw);
    }

    private static MimeMessage parse(String raw) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
    }

    private void deliver(MimeMessage message) throws Exception {
        mail.getUserManager().getUser("replies@kosmima.example").deliver(message);
    }

    private boolean hasEvent(String email, String type) {
        try {
            return Received.types(Received.show(ws, email)).contains(type);
        } catch (Exception e) {
            return false;
        }
    }

    private void sql(String update, Object... params) throws Exception {
        // Opened and closed the way every command does (see Database.close).
        try (Database db = Database.open(new RapportConfig.Database("jdbc:h2:file:" + ws.resolve("data/rapport") + ";AUTO_SERVER=TRUE",
                "sa", ""), 1);
             Connection c = db.dataSource().getConnection();
             PreparedStatement st = c.prepareStatement(update)) {
            for (int i = 0; i < params.length; i++) st.setObject(i + 1, params[i]);
            assertEquals(1, st.executeUpdate());
        }
    }
}
