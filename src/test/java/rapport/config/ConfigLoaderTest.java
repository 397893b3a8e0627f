package rapport.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rapport.TestWorkspace;
import rapport.config.RapportConfig.StageConfig;
import rapport.config.RapportConfig.Tls;
import rapport.dkim.DkimKey;

class ConfigLoaderTest {
    private static final Path WORKSPACE = Path.of("/srv/shop");
    private static final Map<String, String> ENV = Map.of("RAPPORT_IMAP_PASSWORD", "imap-pw", "RAPPORT_SECRET", "s3cret");

    /** The example of SPEC.md, verbatim: line numbers in the assertions below count from it. */
    private static final String SPEC_EXAMPLE = """
            sender:
              name: "Pano at Kosmima"
              address: hello@kosmima.example
              reply_to: replies@kosmima.example   # a reply comes back to replies+TOKEN@kosmima.example
              postal_address: "12 Boylston St, Chestnut Hill, MA 02467"   # in every footer (CAN-SPAM)
            database:
              url: jdbc:h2:file:./data/rapport    # or jdbc:postgresql://host/db
              username: sa
              password: ""
            smtp:                      # leave out `host` and messages are written as .eml files to outbox/
              host: 127.0.0.1
              port: 2525
              tls: none                # none | starttls | ssl
              username: ""
              password: ""
              connections: 4           # SMTP connections kept open and reused during a run
              max_per_second: 0        # 0: as fast as the server takes them
              timeout_seconds: 30
            imap:                      # where replies, bounces and mailto unsubscribes arrive
              host: 127.0.0.1
              port: 3143
              tls: none
              username: replies@kosmima.example
              password: ${RAPPORT_IMAP_PASSWORD}
              folder: INBOX
            tracking:
              base_url: https://news.kosmima.example   # public root of the pixel, click and unsubscribe URLs
              listen: 127.0.0.1:8080                   # where `rapport serve` listens
              secret: ${RAPPORT_SECRET}                # HMAC key for tokens
            schedule:
              send: "0 0 9 ? * TUE"    # Quartz cron: the weekly send
              poll: "0 */5 * * * ?"    # Quartz cron: read the reply mailbox
              time_zone: America/New_York
            stages:                    # the ordered ladder; cadence = minimum days between two notes
              - { name: new, cadence_days: 3 }
              - { name: acquaintance, cadence_days: 7 }
              - { name: friend, cadence_days: 14 }
              - { name: partner, cadence_days: 14 }
            dormant: { after_days: 120, cadence_days: 30 }  # long silence: slower, gentle check-ins only
            limits: { max_notes: 2, per_days: 7 }           # hard cap per customer, whatever the cadence
            feedback:                  # what people tell us and do shapes what they get
              learning: true           # learn each piece's value, per stage, from what people do with it
              weight: 30               # the most points the learned value may add to or take from a score
            signup:                    # the public join page that `serve` answers
              enabled: true
              interests: [pearls, watches, rings, repairs]   # offered to choose from (default: every interest the catalog names)
              confirm_within_days: 7   # an unconfirmed signup is dropped after this
            referrals:
              stages: [friend, partner]   # who gets a personal invitation link (links.referral)
              count_after_days: 14        # an invited friend counts once confirmed and still subscribed this long
              rewards:                    # milestones; each earned reward waits for the owner's approval
                - { at: 1, piece: thank-you-for-the-introduction }
                - { at: 3, piece: a-cleaning-for-two }
            studio:
              listen: 127.0.0.1:8090   # `rapport studio`, the marketer's desk; loopback only
            dkim:                      # optional: sign every message
              domain: kosmima.example  # must be the From address's domain (DMARC alignment)
              selector: rapport2026
              private_key_file: config/dkim.pem   # PKCS#8 PEM, RSA 2048 or Ed25519
            """;

    private static final String MINIMAL = """
            sender:
              name: Pano
              address: hello@kosmima.example
              postal_address: "12 Boylston St"
            tracking:
              base_url: https://news.kosmima.example/
            stages:
              - { name: new, cadence_days: 3 }
            """;

    /** The example's signing key, a real one: the configuration reads and checks it. */
    @TempDir static Path keys;
    private static Path dkimKey;

    @BeforeAll
    static void writeTheSigningKey() throws Exception {
        dkimKey = keys.resolve("dkim.pem");
        java.nio.file.Files.writeString(dkimKey, DkimKey.generate(DkimKey.Algorithm.ED25519).toPem());
    }

    /** Parsed as from {@link #WORKSPACE}, with the example's key file where this test wrote it (same line). */
    private static RapportConfig parse(String yaml, Map<String, String> env) {
        return ConfigLoader.parse(WORKSPACE, ConfigLoader.FILE, yaml.replace("private_key_file: config/dkim.pem", "private_key_file: " + dkimKey), env);
    }

    private static ConfigException failure(String yaml) {
        return assertThrows(ConfigException.class, () -> parse(yaml, ENV));
    }

    private static String spec(String from, String to) {
        assertTrue(SPEC_EXAMPLE.contains(from), from);
        return SPEC_EXAMPLE.replace(from, to);
    }

    @Test
    void theSpecExampleLoadsWithEveryValue() throws Exception {
        RapportConfig c = parse(SPEC_EXAMPLE, ENV);

        assertEquals(WORKSPACE, c.workspace());
        assertEquals(WORKSPACE.resolve("config/rapport.yaml"), c.file());
        assertEquals(new RapportConfig.Sender("Pano at Kosmima", "hello@kosmima.example", "replies@kosmima.example",
                "12 Boylston St, Chestnut Hill, MA 02467"), c.sender());
        assertEquals(new RapportConfig.Database("jdbc:h2:file:/srv/shop/data/rapport;AUTO_SERVER=TRUE", "sa", ""),
                c.database());
        assertEquals(new RapportConfig.Smtp(Optional.of("127.0.0.1"), 2525, Tls.NONE, "", "", 4, 0.0, 30,
                Path.of("/srv/shop/outbox")), c.smtp());
        assertEquals(Optional.of(new RapportConfig.Imap("127.0.0.1", 3143, Tls.NONE, "replies@kosmima.example",
                "imap-pw", "INBOX", "Processed", 30)), c.imap());
        assertEquals(new RapportConfig.Tracking("https://news.kosmima.example", "127.0.0.1", 8080, "s3cret", List.of(), true),
                c.tracking());
        assertEquals(new RapportConfig.Schedule("0 0 9 ? * TUE", "0 */5 * * * ?", ZoneId.of("America/New_York")),
                c.schedule());
        assertEquals(List.of(new StageConfig("new", 3), new StageConfig("acquaintance", 7),
                new StageConfig("friend", 14), new StageConfig("partner", 14)), c.stages());
        assertEquals(new RapportConfig.Dormant(120, 30), c.dormant());
        assertEquals(new RapportConfig.Limits(2, 7), c.limits());
        assertEquals(new RapportConfig.Feedback(true, 30), c.feedback());
        assertEquals(new RapportConfig.Signup(true, List.of("pearls", "watches", "rings", "repairs"), 7), c.signup());
        assertEquals(new RapportConfig.Referrals(List.of("friend", "partner"), 14, List.of(
                new RapportConfig.Reward(1, "thank-you-for-the-introduction"), new RapportConfig.Reward(3, "a-cleaning-for-two"))),
                c.referrals());
        assertEquals(new RapportConfig.Studio("127.0.0.1", 8090), c.studio());
        assertEquals(Optional.of(new RapportConfig.Dkim("kosmima.example", "rapport2026", dkimKey, DkimKey.load(dkimKey))),
                c.dkim());
    }

    @Test
    void theSectionsForListeningGrowingTheStudioAndSigningHaveDefaults() {
        RapportConfig c = parse(MINIMAL, ENV);
        assertEquals(new RapportConfig.Feedback(true, 30), c.feedback());
        assertEquals(new RapportConfig.Signup(false, List.of(), 7), c.signup());
        assertEquals(new RapportConfig.Referrals(List.of(), 14, List.of()), c.referrals());
        assertEquals(new RapportConfig.Studio("127.0.0.1", 8090), c.studio());
        assertEquals(Optional.empty(), c.dkim());
    }

    @Test
    void mistakesInThoseSectionsAreNamedByKeyAndLine() {
        assertEquals("config/rapport.yaml:49: referrals.stages: \"friends\" is not a stage of the ladder (new, acquaintance, friend, partner)",
                failure(spec("stages: [friend, partner]", "stages: [friends, partner]")).getMessage());
        assertEquals("config/rapport.yaml:53: referrals.rewards[1].at: milestones must rise: 1 comes after 1",
                failure(spec("{ at: 3, piece: a-cleaning-for-two }", "{ at: 1, piece: a-cleaning-for-two }")).getMessage());
        assertEquals("config/rapport.yaml:55: studio.listen: the studio listens on loopback only (127.0.0.1, ::1 or localhost),"
                + " got \"0.0.0.0\"", failure(spec("listen: 127.0.0.1:8090", "listen: 0.0.0.0:8090")).getMessage());
        assertEquals("config/rapport.yaml:57: dkim.domain: must be the domain of sender.address (kosmima.example) for DMARC"
                + " alignment, got \"news.kosmima.example\"",
                failure(spec("domain: kosmima.example  #", "domain: news.kosmima.example  #")).getMessage());
        assertEquals("config/rapport.yaml:43: feedback.weight: must be between 0 and 100, got 300",
                failure(spec("weight: 30 ", "weight: 300 ")).getMessage());
        assertTrue(failure(spec("learning: true", "learnin: true")).getMessage()
                .startsWith("config/rapport.yaml:42: feedback.learnin: unknown key; did you mean \"learning\"?"));
        RapportConfig c = parse(MINIMAL.replace("{ name: new, cadence_days: 3 }",
                "{ name: new, cadence_days: 3, promote: { referrals: 2 } }"), ENV);
        assertEquals(2, c.stages().get(0).promote().orElseThrow().referrals());
        assertEquals(List.of("burner.example", "mail.tmp.example"), parse(spec("count_after_days: 14",
                "count_after_days: 14\n  throwaway_domains: [Burner.example, \"@mail.tmp.example\", burner.example]"), ENV)
                .referrals().throwawayDomains());
        assertTrue(failure(spec("count_after_days: 14", "count_after_days: 14\n  throwaway_domains: [\"not a domain\"]"))
                .getMessage().contains("referrals.throwaway_domains: expected a mail domain such as mailinator.com, got \"not a domain\""));
    }

    @Test
    void leftOutKeysGetTheDocumentedDefaults() {
        RapportConfig c = parse(MINIMAL, Map.of());

        assertEquals("hello@kosmima.example", c.sender().replyTo());
        assertEquals(new RapportConfig.Database("jdbc:h2:file:/srv/shop/data/rapport;AUTO_SERVER=TRUE", "sa", ""),
                c.database());
        assertEquals(new RapportConfig.Smtp(Optional.empty(), 25, Tls.NONE, "", "", 4, 0.0, 30,
                Path.of("/srv/shop/outbox")), c.smtp());
        assertEquals(Optional.empty(), c.imap());
        assertEquals(new RapportConfig.Tracking("https://news.kosmima.example", "127.0.0.1", 8080, "", List.of(), true),
                c.tracking());
        assertEquals(new RapportConfig.Schedule("0 0 9 ? * TUE", "0 */5 * * * ?", ZoneId.of("UTC")), c.schedule());
        assertEquals(new RapportConfig.Dormant(120, 30), c.dormant());
        assertEquals(new RapportConfig.Limits(2, 7), c.limits());
    }

    @Test
    void imapPortDefaultsFollowTheTlsMode() {
        String imap = "imap: { host: mail.example, username: me, tls: %s }\n";
        assertEquals(993, parse(MINIMAL + imap.formatted("ssl"), Map.of()).imap().orElseThrow().port());
        assertEquals(143, parse(MINIMAL + imap.formatted("starttls"), Map.of()).imap().orElseThrow().port());
    }

    @Test
    void environmentReferencesAreReplacedWithOrWithoutDefault() {
        String yaml = spec("port: 2525", "port: ${SMTP_PORT:-2525}")
                .replace("host: 127.0.0.1\n  port: 3143", "host: ${IMAP_HOST:-localhost}\n  port: 3143")
                .replace("username: \"\"\n  password: \"\"\n  connections", "username: \"\"\n  password: \"pre-${SMTP_PW}-post\"\n  connections");
        RapportConfig c = parse(yaml, Map.of("RAPPORT_IMAP_PASSWORD", "", "RAPPORT_SECRET", "x",
                "SMTP_PORT", "2626", "SMTP_PW", "${NOT_EXPANDED}"));

        assertEquals(2626, c.smtp().port());
        assertEquals("localhost", c.imap().orElseThrow().host());
        assertEquals("pre-${NOT_EXPANDED}-post", c.smtp().password());
        assertEquals("", c.imap().orElseThrow().password());
    }

    @Test
    void anUnsetVariableWithoutDefaultNamesTheKeyAndTheVariable() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> parse(SPEC_EXAMPLE, Map.of("RAPPORT_IMAP_PASSWORD", "pw")));
        assertEquals("config/rapport.yaml:29: tracking.secret: environment variable RAPPORT_SECRET is not set"
                + " (set it, or write ${RAPPORT_SECRET:-default})", e.getMessage());
        assertEquals(29, e.line());
        assertEquals("tracking.secret", e.key());
    }

    @Test
    void anUnknownKeyIsNamedWithItsLineAndAHint() {
        ConfigException e = failure(spec("smtp:", "smpt:"));
        assertEquals("config/rapport.yaml:10: smpt: unknown key; did you mean \"smtp\"?", e.getMessage());

        e = failure(spec("- { name: friend, cadence_days: 14 }", "- { name: friend, cadence_day: 14 }"));
        assertEquals("config/rapport.yaml:37: stages[2].cadence_day: unknown key; did you mean \"cadence_days\"?",
                e.getMessage());

        e = failure(spec("  folder: INBOX", "  mailbox: INBOX"));
        assertEquals("config/rapport.yaml:25: imap.mailbox: unknown key;"
                + " expected one of host, port, tls, username, password, folder, processed_folder, timeout_seconds", e.getMessage());
    }

    @Test
    void aDuplicateKeyPointsAtTheFirstOne() {
        ConfigException e = failure(spec("  timeout_seconds: 30", "  timeout_seconds: 30\n  port: 25"));
        assertEquals("config/rapport.yaml:19: smtp.port: duplicate key (first at line 12)", e.getMessage());
    }

    @Test
    void aValueOfTheWrongTypeIsRejected() {
        assertEquals("config/rapport.yaml:12: smtp.port: expected a whole number, got \"abc\"",
                failure(spec("port: 2525", "port: abc")).getMessage());
        assertEquals(2525, parse(spec("port: 2525", "port: \"2525\""), ENV).smtp().port());
        assertEquals("config/rapport.yaml:8: stages: expected a list, got a mapping",
                failure(MINIMAL.replace("- { name: new, cadence_days: 3 }", "new: 3")).getMessage());
        assertEquals("config/rapport.yaml:2: sender.name: expected a single value, got a list",
                failure(spec("name: \"Pano at Kosmima\"", "name: [Pano]")).getMessage());
        assertEquals("config/rapport.yaml:17: smtp.max_per_second: expected a number, got \"fast\"",
                failure(spec("max_per_second: 0", "max_per_second: fast")).getMessage());
        assertEquals(2.5, parse(spec("max_per_second: 0", "max_per_second: 2.5"), ENV).smtp().maxPerSecond());
        assertEquals("config/rapport.yaml:12: smtp.port: must be between 1 and 65535, got 70000",
                failure(spec("port: 2525", "port: 70000")).getMessage());
        assertEquals("config/rapport.yaml:13: smtp.tls: expected one of none, starttls, ssl, got \"tls\"",
                failure(spec("tls: none                #", "tls: tls   #")).getMessage());
    }

    @Test
    void aMissingRequiredKeyIsNamedOnItsParentsLine() {
        ConfigException e = failure(spec("  postal_address: \"12 Boylston St, Chestnut Hill, MA 02467\"", ""));
        assertEquals("config/rapport.yaml:2: sender.postal_address: required key is missing", e.getMessage());

        e = failure(MINIMAL.replace("stages:\n  - { name: new, cadence_days: 3 }\n", ""));
        assertEquals("config/rapport.yaml:1: stages: required key is missing", e.getMessage());

        e = failure(MINIMAL.replace("name: new, cadence_days: 3", "name: new"));
        assertEquals("config/rapport.yaml:8: stages[0].cadence_days: required key is missing", e.getMessage());

        e = failure(MINIMAL + "imap: { host: mail.example }\n");
        assertEquals("config/rapport.yaml:9: imap.username: required key is missing", e.getMessage());

        e = failure(MINIMAL.replace("postal_address: \"12 Boylston St\"", "postal_address: \"  \""));
        assertEquals("config/rapport.yaml:4: sender.postal_address: must not be empty", e.getMessage());
    }

    @Test
    void aBadEmailAddressIsRejected() {
        assertEquals("config/rapport.yaml:3: sender.address: not a valid email address: \"hello@\"",
                failure(spec("address: hello@kosmima.example", "address: hello@")).getMessage());
        assertTrue(failure(spec("reply_to: replies@kosmima.example", "reply_to: \"Pano <p@kosmima.example>\""))
                .getMessage().startsWith("config/rapport.yaml:4: sender.reply_to: not a valid email address"));
    }

    @Test
    void badCronExpressionsAreExplained() {
        assertEquals("config/rapport.yaml:31: schedule.send: not a Quartz cron expression:"
                + " hour \"25\": Hour values must be between 0 and 23", failure(spec("0 0 9 ? * TUE", "0 0 25 ? * TUE")).getMessage());
        assertTrue(failure(spec("0 0 9 ? * TUE", "0 9 * * TUE")).getMessage()
                .endsWith("got 5; Quartz cron starts with seconds, unlike Unix cron"));
        assertTrue(failure(spec("0 */5 * * * ?", "0 */5 * * * *")).getMessage().startsWith(
                "config/rapport.yaml:32: schedule.poll: not a Quartz cron expression: one of day-of-month"));
        assertTrue(failure(spec("0 0 9 ? * TUE", "0 0 9 ? * TUES")).getMessage()
                .endsWith("day-of-week \"TUES\" is not a number or name (1-7 or SUN-SAT)"));
    }

    @Test
    void aBadTimeZoneSuggestsTheNearestOne() {
        assertEquals("config/rapport.yaml:33: schedule.time_zone: not a time zone: \"America/NewYork\";"
                + " did you mean America/New_York?",
                failure(spec("time_zone: America/New_York", "time_zone: America/NewYork")).getMessage());
    }

    @Test
    void aStageMayAppearOnlyOnce() {
        assertEquals("config/rapport.yaml:38: stages[3].name: duplicate stage \"friend\" (also stages[2])",
                failure(spec("name: partner", "name: friend")).getMessage());
    }

    @Test
    void noStageMayBeNamedDormantOrBeWrittenInCapitals() {
        assertTrue(failure(spec("name: partner", "name: dormant")).getMessage().startsWith(
                "config/rapport.yaml:38: stages[3].name: \"dormant\" is reserved for the dormancy state"));
        assertTrue(failure(spec("name: partner", "name: Partner")).getMessage().startsWith(
                "config/rapport.yaml:38: stages[3].name: a stage name is lower-case"));
        assertEquals("config/rapport.yaml:7: stages: at least one stage is required",
                failure(MINIMAL.replace("stages:\n  - { name: new, cadence_days: 3 }", "stages: []")).getMessage());
    }

    @Test
    void promoteRulesAndPreviousSecretsAreRead() {
        RapportConfig c = parse(MINIMAL
                .replace("{ name: new, cadence_days: 3 }",
                        "{ name: new, cadence_days: 3, promote: { opens: 2, replies: 1, within_days: 30 } }\n"
                                + "  - { name: friend, cadence_days: 14 }")
                .replace("tracking:\n", "tracking:\n  previous_secrets: [old-one, \"${OLDER:-}\"]\n"), Map.of());

        assertEquals(new StageConfig("new", 3, Optional.of(new RapportConfig.Promotion(2, 0, 1, 30))), c.stages().get(0));
        assertEquals(Optional.empty(), c.stages().get(1).promote());
        assertEquals(List.of("old-one"), c.tracking().previousSecrets());
    }

    @Test
    void theProcessedFolderMustDifferFromTheFolderItIsMovedFrom() {
        assertEquals("config/rapport.yaml:13: imap.processed_folder: must differ from imap.folder (\"INBOX\")",
                failure(MINIMAL + "imap:\n  host: 127.0.0.1\n  username: replies@kosmima.example\n  folder: INBOX\n"
                        + "  processed_folder: INBOX\n").getMessage());
    }

    @Test
    void aPromoteRuleWithNothingToCountIsRefused() {
        assertEquals("config/rapport.yaml:8: stages[0].promote.opens: a promote rule needs at least one of opens,"
                        + " clicks, replies or referrals above 0",
                failure(MINIMAL.replace("{ name: new, cadence_days: 3 }", "{ name: new, cadence_days: 3, promote: { within_days: 9 } }"))
                        .getMessage());
        assertTrue(failure(MINIMAL.replace("{ name: new, cadence_days: 3 }", "{ name: new, cadence_days: 3, promote: { open: 1 } }"))
                .getMessage().startsWith("config/rapport.yaml:8: stages[0].promote.open: unknown key"));
    }

    @Test
    void aRelativeH2FileUrlIsMadeAbsoluteAndShareable() {
        String url = "url: jdbc:h2:file:./data/rapport";
        assertEquals("jdbc:h2:file:/srv/shop/db/x;MODE=PostgreSQL;AUTO_SERVER=TRUE",
                parse(spec(url, "url: jdbc:h2:file:db/x;MODE=PostgreSQL"), ENV).database().url());
        assertEquals("jdbc:h2:file:/srv/data/x;auto_server=false",
                parse(spec(url, "url: jdbc:h2:file:../data/x;auto_server=false"), ENV).database().url());
        assertEquals("jdbc:h2:file:/var/lib/rapport;AUTO_SERVER=TRUE",
                parse(spec(url, "url: jdbc:h2:/var/lib/rapport"), ENV).database().url());
        assertEquals("jdbc:h2:mem:test", parse(spec(url, "url: jdbc:h2:mem:test"), ENV).database().url());
    }

    @Test
    void aPostgresqlUrlIsLeftAsWrittenAndOtherDatabasesAreRefused() {
        assertEquals("jdbc:postgresql://db.internal:5432/rapport?ssl=true",
                parse(spec("url: jdbc:h2:file:./data/rapport", "url: jdbc:postgresql://db.internal:5432/rapport?ssl=true"),
                        ENV).database().url());
        assertEquals("config/rapport.yaml:7: database.url: must start with jdbc:h2: or jdbc:postgresql:,"
                + " got \"jdbc:mysql://db/x\"",
                failure(spec("url: jdbc:h2:file:./data/rapport", "url: jdbc:mysql://db/x")).getMessage());
    }

    @Test
    void trackingUrlsAndListenAddressesAreChecked() {
        assertEquals("config/rapport.yaml:27: tracking.base_url: must be an absolute http or https URL"
                + " such as https://news.example.com, got \"news.kosmima.example\"",
                failure(spec("base_url: https://news.kosmima.example", "base_url: news.kosmima.example")).getMessage());
        RapportConfig c = parse(spec("listen: 127.0.0.1:8080", "listen: \"[::1]:9090\""), ENV);
        assertEquals("::1", c.tracking().listenHost());
        assertEquals(9090, c.tracking().listenPort());
        assertEquals("config/rapport.yaml:28: tracking.listen: expected host:port such as 127.0.0.1:8080, got \"8080\"",
                failure(spec("listen: 127.0.0.1:8080", "listen: 8080")).getMessage());
    }

    @Test
    void aYamlSyntaxErrorNamesItsLine() {
        ConfigException e = failure(spec("  port: 2525", "  port: 2525\n    extra: [1, 2"));
        assertEquals(13, e.line());
        assertTrue(e.getMessage().startsWith("config/rapport.yaml:13: YAML syntax error: "), e.getMessage());

        e = failure(spec("  folder: INBOX", "\tfolder: INBOX"));
        assertEquals(25, e.line());
    }

    @Test
    void anEmptyFileIsRefused() {
        assertEquals(0, failure("# nothing yet\n").line());
    }

    @Test
    void loadReadsTheWorkspaceFileAndNamesItWhenMissing(@TempDir Path workspace) throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(workspace, ENV));
        assertEquals("config/rapport.yaml: file not found in workspace " + workspace.toAbsolutePath(), e.getMessage());
        assertEquals(0, e.line());

        TestWorkspace.sample().write(workspace);
        RapportConfig c = ConfigLoader.load(workspace, Map.of());
        assertEquals(workspace.resolve("config/rapport.yaml"), c.file());
        assertEquals(workspace.resolve("outbox"), c.smtp().outbox());
    }

    @Test
    void theSampleWorkspaceIsWhatEveryTestWorkspaceStartsFrom() {
        assertEquals(ConfigLoader.load(TestWorkspace.REPO, Map.of()), TestWorkspace.sample().config(TestWorkspace.REPO));
    }
}
