package rapport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rapport.config.ConfigLoader;
import rapport.config.RapportConfig;
import rapport.dkim.DkimKey;
import rapport.dkim.DkimRecord;
import rapport.testing.LocalDns;
import rapport.tokens.Tokens;
import rapport.tracking.TrackingServer;
import rapport.store.Database;
import rapport.store.FeedbackStore;

/**
 * {@code rapport doctor} against real servers on loopback: GreenMail for SMTP and IMAP, the
 * tracking server over a real H2 database, and dnsmasq serving the sender's DNS records (the DNS
 * lines are skipped when dnsmasq is missing; .ci/run installs it).
 */
class DoctorCommandTest {
    private static final String MAILBOX = "replies@kosmima.example";
    private static final String PASSWORD = "mailbox-secret";
    private static final Instant AS_OF = Instant.parse("2026-12-01T05:00:00Z");
    private static final Clock CLOCK = Clock.fixed(AS_OF, ZoneOffset.UTC);

    @TempDir Path dir;

    /** The records of a sender ready for 2024's bulk-sender rules. */
    private static LocalDns.Records goodRecords() {
        return LocalDns.records()
                .txt("kosmima.example", "v=spf1 ip4:192.0.2.25 -all")
                .txt("_dmarc.kosmima.example", "v=DMARC1; p=quarantine; rua=mailto:dmarc@kosmima.example")
                .mx("kosmima.example", "mail.kosmima.example", 10);
    }

    @Test
    void aWorkspaceReadyToSendPassesEveryCheckAndExitsZero() throws Exception {
        assumeTrue(LocalDns.available(), "dnsmasq is not installed: without DNS the doctor cannot pass");
        GreenMail mail = new GreenMail(new ServerSetup[] {
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort(),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort()});
        mail.start();
        int web = closedPort();
        try (LocalDns dns = goodRecords().start()) {
            Path ws = CliRun.sample().h2Database().smtp("127.0.0.1", mail.getSmtp().getPort())
                    .imap("127.0.0.1", mail.getImap().getPort(), MAILBOX, PASSWORD).trackingBaseUrl("http://127.0.0.1:" + web)
                    .write(dir.resolve("ws"));
            mail.setUser(MAILBOX, MAILBOX, PASSWORD);
            askDns(ws, dns.hostPort());
            RapportConfig config = ConfigLoader.load(ws, Map.of());
            try (Database db = Database.open(config.database(), 2);
                 TrackingServer serve = TrackingServer.start("127.0.0.1", web, new Tokens(List.of("secret")), new FeedbackStore(db, CLOCK),
                         db::answers, CLOCK)) {
                CliRun.Result text = CliRun.run(ws, "doctor", "--as-of", "2026-12-01");
                assertEquals(0, text.exit(), text.out() + text.err());
                assertTrue(text.out().contains("0 problems, 0 warnings"), text.out());
                assertTrue(line(text, "smtp").contains("accepts MAIL FROM:<replies@kosmima.example> and RCPT TO:<hello@kosmima.example>"),
                        text.out());
                assertTrue(line(text, "imap").contains("handled mail moves to \"Processed\" (made just now)"), text.out());
                assertTrue(line(text, "database").contains("schema at migration"), text.out());
                assertTrue(line(text, "tracking").contains("/health answers 200"), text.out());
                assertTrue(line(text, "spf").contains("\"v=spf1 ip4:192.0.2.25 -all\""), text.out());
                assertTrue(line(text, "mx").contains("kosmima.example takes mail at mail.kosmima.example"), text.out());
                assertEquals(0, mail.getReceivedMessages().length, "a doctor sends nothing");

                CliRun.Result json = CliRun.run(ws, "doctor", "--as-of", "2026-12-01", "--json");
                assertEquals(0, json.exit(), json.out() + json.err());
                JsonNode doc = Json.MAPPER.readTree(json.out());
                assertEquals(List.of("configuration", "database", "smtp", "imap", "tracking", "spf", "dmarc", "alignment", "mx",
                        "complaints", "bounces"), names(doc));
                assertTrue(StreamSupport.stream(doc.get("checks").spliterator(), false)
                        .allMatch(c -> c.get("status").asText().equals("ok") && c.get("fix").isNull()), json.out());
                assertEquals(0, doc.get("problems").asInt());
                assertEquals(0, doc.get("warnings").asInt());
            }
        } finally {
            mail.stop();
        }
    }

    @Test
    void serversThatDoNotAnswerAreProblemsNamedWithTheirAddressesAndNoPassword() throws Exception {
        int smtp = closedPort();
        int imap = closedPort();
        int web = closedPort();
        int database = closedPort();
        try (LocalDns dns = LocalDns.available() ? goodRecords().start() : null) {
            Path ws = CliRun.sample().database("jdbc:postgresql://127.0.0.1:" + database + "/rapport?password=hunter2", "rapport", "hunter2")
                    .smtp("127.0.0.1", smtp).imap("127.0.0.1", imap, MAILBOX, PASSWORD).trackingBaseUrl("http://127.0.0.1:" + web)
                    .write(dir.resolve("ws"));
            askDns(ws, dns == null ? "127.0.0.1:" + closedPort() : dns.hostPort());
            CliRun.Result r = CliRun.run(ws, "doctor", "--as-of", "2026-12-01");
            assertEquals(1, r.exit(), r.out() + r.err());
            assertFalse(r.out().contains("hunter2"), r.out());
            assertTrue(line(r, "database").startsWith("problem  database       cannot connect to jdbc:postgresql://127.0.0.1:"
                    + database + "/rapport?password=***"), r.out());
            assertTrue(line(r, "smtp").startsWith("problem  smtp           cannot connect to 127.0.0.1:" + smtp), r.out());
            assertTrue(line(r, "imap").startsWith("problem  imap           cannot connect to 127.0.0.1:" + imap), r.out());
            assertTrue(line(r, "tracking").startsWith("problem  tracking       http://127.0.0.1:" + web + "/health does not answer"),
                    r.out());
            assertTrue(r.out().contains("fix: start the SMTP server, or correct smtp.host, smtp.port and smtp.tls"), r.out());
            assertFalse(r.out().contains(" complaints "), "nothing to count without a database: " + r.out());
        }
    }

    @Test
    void anH2DatabaseThatCannotOpenIsAProblem() throws Exception {
        Path ws = CliRun.sample().h2Database().trackingBaseUrl("http://127.0.0.1:" + closedPort()).write(dir.resolve("ws"));
        Files.createDirectories(ws.resolve("data"));
        Files.writeString(ws.resolve("data/rapport.mv.db"), "not a database at all ".repeat(200));
        askDns(ws, "127.0.0.1:" + closedPort());
        CliRun.Result r = CliRun.run(ws, "doctor", "--as-of", "2026-12-01", "--json");
        assertEquals(1, r.exit(), r.out() + r.err());
        JsonNode database = check(Json.MAPPER.readTree(r.out()), "database");
        assertEquals("problem", database.get("status").asText(), r.out());
        assertTrue(database.get("detail").asText().startsWith("cannot connect to jdbc:h2:file:"), r.out());
        assertTrue(database.get("fix").asText().contains("database.url"), r.out());
    }

    @Test
    void noSpfAndNoDmarcAreEachAProblemNamed() throws Exception {
        assumeTrue(LocalDns.available(), "dnsmasq is not installed");
        try (LocalDns dns = LocalDns.records().mx("kosmima.example", "mail.kosmima.example", 10).start()) {
            Path ws = CliRun.sample().trackingBaseUrl("http://127.0.0.1:" + closedPort()).write(dir.resolve("ws"));
            askDns(ws, dns.hostPort());
            CliRun.Result r = CliRun.run(ws, "doctor", "--as-of", "2026-12-01");
            assertEquals(1, r.exit(), r.out() + r.err());
            assertTrue(line(r, "spf").startsWith("problem  spf            no SPF record at kosmima.example"), r.out());
            assertTrue(line(r, "dmarc").startsWith("problem  dmarc          no DMARC record at _dmarc.kosmima.example"), r.out());
            assertTrue(line(r, "mx").startsWith("ok       mx"), r.out());
        }
    }

    @Test
    void aReturnPathOnAnotherDomainFailsStrictAlignmentButPassesRelaxed() throws Exception {
        assumeTrue(LocalDns.available(), "dnsmasq is not installed");
        for (String policy : List.of("v=DMARC1; p=reject; aspf=s", "v=DMARC1; p=reject")) {
            try (LocalDns dns = LocalDns.records()
                    .txt("bounces.kosmima.example", "v=spf1 ip4:192.0.2.25 -all")
                    .txt("_dmarc.kosmima.example", policy)
                    .mx("bounces.kosmima.example", "mail.kosmima.example", 10).start()) {
                Path ws = CliRun.sample().trackingBaseUrl("http://127.0.0.1:" + closedPort()).write(dir.resolve("ws-" + policy.length()));
                Path config = ws.resolve(ConfigLoader.FILE);
                Files.writeString(config, Files.readString(config).replace("reply_to: replies@kosmima.example",
                        "reply_to: replies@bounces.kosmima.example"));
                askDns(ws, dns.hostPort());
                CliRun.Result r = CliRun.run(ws, "doctor", "--as-of", "2026-12-01");
                String alignment = line(r, "alignment");
                if (policy.contains("aspf=s")) {
                    assertTrue(alignment.startsWith("problem  alignment      Return-Path domain bounces.kosmima.example and From domain"
                            + " kosmima.example do not align for SPF, strict (aspf=s)"), r.out());
                } else {
                    assertTrue(alignment.startsWith("ok       alignment"), r.out());
                }
                assertTrue(line(r, "spf").startsWith("ok       spf            bounces.kosmima.example"), "SPF is read at the Return-Path's"
                        + " domain: " + r.out());
            }
        }
    }

    @Test
    void complaintAndBounceRatesOfTheLast30DaysAgainstTheirThresholds() throws Exception {
        Path ws = CliRun.sample().h2Database().trackingBaseUrl("http://127.0.0.1:" + closedPort()).write(dir.resolve("ws"));
        askDns(ws, "127.0.0.1:" + closedPort());
        RapportConfig config = ConfigLoader.load(ws, Map.of());
        String run = "20261117";
        Instant sent = Instant.parse("2026-11-17T14:00:00Z");
        try (Database db = Database.open(config.database(), 2)) {
            List<Long> ids = seedNotes(db, run, sent, 500);
            FeedbackStore feedback = new FeedbackStore(db, CLOCK);
            assertEquals("ok", status(ws, "complaints"));

            feedback.record(List.of(new rapport.feedback.Signal.Complaint(new rapport.feedback.MessageRef(ids.get(0), run),
                    sent.plusSeconds(86_400), "abuse")));
            assertEquals("warning", status(ws, "complaints"), "1 in 500 is 0.2%: above the advised 0.1%");
            feedback.record(List.of(new rapport.feedback.Signal.Complaint(new rapport.feedback.MessageRef(ids.get(1), run),
                    sent.plusSeconds(2 * 86_400), "abuse")));
            assertEquals("problem", status(ws, "complaints"), "2 in 500 is 0.4%: past 0.3%");
            assertEquals("ok", status(ws, "bounces"));

            bounce(db, run, 10);
            assertEquals("warning", status(ws, "bounces"), "10 of 500 is 2%");
            bounce(db, run, 25);
            assertEquals("problem", status(ws, "bounces"), "25 of 500 is 5%");

            CliRun.Result later = CliRun.run(ws, "doctor", "--as-of", "2027-01-15", "--json");
            JsonNode complaints = check(Json.MAPPER.readTree(later.out()), "complaints");
            assertEquals("ok", complaints.get("status").asText(), "the run lies outside the 30 days: " + later.out());
            assertEquals("no notes delivered in the 30 days to 2027-01-15", complaints.get("detail").asText());
        }
        CliRun.Result text = CliRun.run(ws, "doctor", "--as-of", "2026-12-01");
        assertTrue(line(text, "complaints").startsWith("problem  complaints     2 complaints in 475 notes delivered in the 30 days to"
                + " 2026-12-01 (0.42%)"), text.out());
        assertTrue(line(text, "bounces").startsWith("problem  bounces        25 hard bounces in 500 notes sent"), text.out());
    }

    @Test
    void aFreshNoteSignedWithTheDkimKeyVerifiesAgainstThePublishedKeyAndFailsAgainstAnother() throws Exception {
        assumeTrue(LocalDns.available(), "dnsmasq is not installed");
        DkimKey key = DkimKey.generate(DkimKey.Algorithm.RSA);
        Path ws = DkimSigningTest.signing(CliRun.sample().h2Database().trackingBaseUrl("http://127.0.0.1:" + closedPort()),
                dir.resolve("ws"), key);
        String selector = ConfigLoader.load(ws, Map.of()).dkim().orElseThrow().selector();
        DkimRecord ours = new DkimRecord(selector, "kosmima.example", key);
        try (LocalDns dns = goodRecords().txt(ours.name(), ours.strings().toArray(String[]::new)).start()) {
            askDns(ws, dns.hostPort());
            CliRun.Result r = CliRun.run(ws, "doctor", "--as-of", "2026-11-24", "--json");
            JsonNode doc = Json.MAPPER.readTree(r.out());
            List<String> names = names(doc);
            assertEquals(names.indexOf("dkim") + 1, names.indexOf("signature"), "the signature follows the key: " + names);
            JsonNode signature = check(doc, "signature");
            assertEquals("ok", signature.get("status").asText(), r.out());
            assertTrue(signature.get("detail").asText().startsWith("a fresh note's signature verifies against the published key"
                    + " (the next note of "), r.out());
            assertTrue(signature.get("detail").asText().contains(", who is due, rsa-sha256"), r.out());
            assertTrue(signature.get("fix").isNull(), r.out());
            CliRun.Result text = CliRun.run(ws, "doctor", "--as-of", "2026-11-24");
            assertTrue(line(text, "signature").startsWith("ok       signature      a fresh note's signature verifies"), text.out());
        }
        DkimKey other = DkimKey.generate(DkimKey.Algorithm.RSA);
        DkimRecord stale = new DkimRecord(selector, "kosmima.example", other);
        try (LocalDns dns = goodRecords().txt(stale.name(), stale.strings().toArray(String[]::new)).start()) {
            Files.writeString(ws.resolve(ConfigLoader.FILE), Files.readString(ws.resolve(ConfigLoader.FILE))
                    .replaceAll("dns: \"[^\"]*\"", "dns: \"" + dns.hostPort() + "\""));
            CliRun.Result r = CliRun.run(ws, "doctor", "--as-of", "2026-11-24");
            assertEquals(1, r.exit(), r.out() + r.err());
            assertTrue(line(r, "signature").startsWith("problem  signature      a fresh note (the next note of "), r.out());
            assertTrue(line(r, "signature").contains("does not verify against the key published at " + ours.name()), r.out());
            assertTrue(r.out().contains("fix: publish the record for the key in dkim.private_key_file at " + ours.name() + ": \""
                    + ours.value() + "\""), r.out());
        }
        assertFalse(Files.exists(ws.resolve("data/tracking.secret")), "the doctor keeps no secret of its own");
        assertFalse(Files.exists(ws.resolve("outbox")) && Files.list(ws.resolve("outbox")).findAny().isPresent(), "nothing is sent");
        try (Database db = Database.open(ConfigLoader.load(ws, Map.of()).database(), 2);
             var c = db.dataSource().getConnection();
             var st = c.createStatement();
             var rs = st.executeQuery("select (select count(*) from runs) + (select count(*) from deliveries)")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "the doctor records no run and no delivery");
        }
    }

    @Test
    void aDoctorDnsThatIsNotHostAndPortIsAConfigurationErrorNamingTheKey() throws IOException {
        Path ws = CliRun.sample().write(dir.resolve("ws"));
        askDns(ws, "nonsense");
        CliRun.Result r = CliRun.run(ws, "doctor");
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("doctor.dns"), r.err());
        assertTrue(r.err().contains("expected host:port"), r.err());
    }

    /** Customers with one note each in {@code run}, sent at {@code at}, as a send leaves them in the ledger. */
    private static List<Long> seedNotes(Database db, String run, Instant at, int count) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (var c = db.dataSource().getConnection()) {
            try (var st = c.prepareStatement("insert into customers (email_key, email, first_name, stage, status, updated_at)"
                    + " values (?, ?, 'Friend', 'acquaintance', 'active', ?)")) {
                for (int i = 0; i < count; i++) {
                    st.setString(1, "key-" + i);
                    st.setString(2, "friend" + i + "@example.com");
                    st.setObject(3, at.atOffset(ZoneOffset.UTC));
                    st.addBatch();
                }
                st.executeBatch();
            }
            try (var st = c.prepareStatement("insert into runs (id, as_of, state, started_at) values (?, ?, 'finished', ?)")) {
                st.setString(1, run);
                st.setObject(2, at.atOffset(ZoneOffset.UTC));
                st.setObject(3, at.atOffset(ZoneOffset.UTC));
                st.executeUpdate();
            }
            try (var st = c.prepareStatement("insert into deliveries (run_id, customer_id, piece, state, attempts, message_id, sent_at)"
                    + " select ?, id, 'silver-care', 'sent', 1, concat('<m', id, '@kosmima.example>'), ? from customers")) {
                st.setString(1, run);
                st.setObject(2, at.atOffset(ZoneOffset.UTC));
                st.executeUpdate();
            }
            try (var st = c.prepareStatement("select id from customers order by id"); var rs = st.executeQuery()) {
                while (rs.next()) ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    /** Marks the last {@code count} notes of the run as bounced for good, as a hard DSN does. */
    private static void bounce(Database db, String run, int count) throws Exception {
        try (var c = db.dataSource().getConnection();
             var st = c.prepareStatement("update deliveries set state = 'bounced' where run_id = ? and customer_id in"
                     + " (select id from customers order by id desc limit ?)")) {
            st.setString(1, run);
            st.setInt(2, count);
            st.executeUpdate();
        }
    }

    private static String status(Path ws, String name) throws IOException {
        CliRun.Result r = CliRun.run(ws, "doctor", "--as-of", "2026-12-01", "--json");
        return check(Json.MAPPER.readTree(r.out()), name).get("status").asText();
    }

    private static JsonNode check(JsonNode doc, String name) {
        for (JsonNode c : doc.get("checks")) if (c.get("name").asText().equals(name)) return c;
        throw new AssertionError("no check named " + name + " in " + doc);
    }

    private static List<String> names(JsonNode doc) {
        return StreamSupport.stream(doc.get("checks").spliterator(), false).map(c -> c.get("name").asText()).toList();
    }

    /** The printed line of the check named {@code name}. */
    private static String line(CliRun.Result r, String name) {
        return r.out().lines().filter(l -> l.length() > 9 && l.substring(9).startsWith(name + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + name + " in\n" + r.out()));
    }

    /** Adds {@code doctor.dns} to the workspace's configuration. */
    private static void askDns(Path ws, String hostPort) throws IOException {
        Files.writeString(ws.resolve(ConfigLoader.FILE), "doctor:\n  dns: \"" + hostPort + "\"\n", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
    }

    /** A loopback port nothing listens on (it was free a moment ago). */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
