package rapport.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;
import rapport.config.RapportConfig.Database;
import rapport.config.RapportConfig.Dormant;
import rapport.config.RapportConfig.Imap;
import rapport.config.RapportConfig.Limits;
import rapport.config.RapportConfig.Promotion;
import rapport.config.RapportConfig.Schedule;
import rapport.config.RapportConfig.Sender;
import rapport.config.RapportConfig.Smtp;
import rapport.config.RapportConfig.StageConfig;
import rapport.config.RapportConfig.Tls;
import rapport.config.RapportConfig.Tracking;
import rapport.config.RapportConfig.Tracking.AddressRange;

/**
 * Reads {@code config/rapport.yaml} into a validated {@link RapportConfig}: the one place that
 * reads environment values (the caller passes {@code System.getenv()}) and applies defaults.
 * Every mistake becomes a {@link ConfigException} naming the file, line and dotted key, with a
 * "did you mean" hint for a misspelled key. Stateless and thread-safe.
 *
 * <p>The file is parsed with SnakeYAML's node API rather than into maps, because only nodes
 * keep the line of each value.
 */
public final class ConfigLoader {
    /** Where the configuration lives in a workspace, also the file name used in messages. */
    public static final String FILE = "config/rapport.yaml";

    private static final List<String> ROOT_KEYS = List.of(
            "sender", "database", "smtp", "imap", "tracking", "schedule", "stages", "dormant", "limits",
            "feedback", "signup", "referrals", "studio", "dkim", "doctor");
    private static final List<String> SENDER_KEYS = List.of("name", "address", "reply_to", "postal_address");
    private static final List<String> DATABASE_KEYS = List.of("url", "username", "password");
    private static final List<String> SMTP_KEYS = List.of("host", "port", "tls", "username", "password",
            "connections", "max_per_second", "timeout_seconds", "outbox");
    private static final List<String> IMAP_KEYS = List.of("host", "port", "tls", "username", "password", "folder",
            "processed_folder", "timeout_seconds");
    private static final List<String> TRACKING_KEYS = List.of("base_url", "listen", "secret", "previous_secrets", "enabled",
            "trusted_proxies");
    private static final List<String> SCHEDULE_KEYS = List.of("send", "poll", "time_zone");
    private static final List<String> STAGE_KEYS = List.of("name", "cadence_days", "promote");
    private static final List<String> PROMOTE_KEYS = List.of("opens", "clicks", "replies", "referrals", "within_days");
    private static final List<String> DORMANT_KEYS = List.of("after_days", "cadence_days");
    private static final List<String> LIMITS_KEYS = List.of("max_notes", "per_days");
    private static final int NO_MAX = Integer.MAX_VALUE;

    private ConfigLoader() {}

    /** Loads {@code <workspace>/config/rapport.yaml}, expanding references from {@code env}. */
    public static RapportConfig load(Path workspace, Map<String, String> env) {
        Path root = workspace.toAbsolutePath().normalize();
        String text;
        try {
            text = Files.readString(root.resolve(FILE), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(FILE, 0, null, "file not found in workspace " + root);
        } catch (CharacterCodingException e) {
            throw new ConfigException(FILE, 0, null, "not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException(FILE, 0, null, "cannot read: " + e);
        }
        return parse(root, FILE, text, env);
    }

    /**
     * Parses {@code yamlText} as if read from {@code fileLabel} (relative to the workspace, and
     * used in messages), expanding references from {@code env}.
     */
    public static RapportConfig parse(Path workspace, String fileLabel, String yamlText, Map<String, String> env) {
        Path root = workspace.toAbsolutePath().normalize();
        Objects.requireNonNull(env, "env");
        Node document = compose(fileLabel, yamlText);
        if (document == null) {
            throw new ConfigException(fileLabel, 0, null, "the file is empty; it needs at least sender, tracking and stages");
        }
        YamlSection top = YamlSection.of(fileLabel, env, "", document, ROOT_KEYS);
        Sender sender = sender(top);
        List<StageConfig> stages = stages(top);
        return new RapportConfig(root, root.resolve(fileLabel), sender, database(top, root), smtp(top, root),
                imap(top), tracking(top), schedule(top), stages, dormant(top), limits(top), ClubSections.feedback(top),
                ClubSections.signup(top), ClubSections.referrals(top, stages), ClubSections.studio(top),
                ClubSections.dkim(top, root, sender), ClubSections.doctor(top));
    }

    private static Node compose(String file, String text) {
        try {
            // A fresh Yaml per call: SnakeYAML instances are not thread-safe.
            return new Yaml(new LoaderOptions()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = Objects.requireNonNullElse(e.getProblem(), "cannot be parsed");
            // SnakeYAML phrases context and problem as one sentence: "while parsing X at line N, expected Y".
            String context = e.getContext() == null || e.getContextMark() == null ? ""
                    : e.getContext() + " at line " + (e.getContextMark().getLine() + 1) + ", ";
            throw new ConfigException(file, mark == null ? 0 : mark.getLine() + 1, null,
                    "YAML syntax error: " + context + problem);
        } catch (YAMLException e) {
            throw new ConfigException(file, 0, null, "YAML error: " + e.getMessage());
        }
    }

    private static Sender sender(YamlSection top) {
        YamlSection s = top.requiredSection("sender", SENDER_KEYS);
        String name = s.required("name");
        String address = s.requiredChecked("address", Checks::email);
        String replyTo = s.text("reply_to", "").isBlank() ? address : s.requiredChecked("reply_to", Checks::email);
        // CAN-SPAM: every commercial message must carry a valid physical postal address.
        String postalAddress = s.required("postal_address").strip();
        return new Sender(name, address, replyTo, postalAddress);
    }

    private static Database database(YamlSection top, Path root) {
        YamlSection s = top.sectionOrEmpty("database", DATABASE_KEYS);
        String url = s.checked("url", "jdbc:h2:file:./data/rapport", u -> Checks.databaseUrl(u, root));
        return new Database(url, s.text("username", "sa"), s.text("password", ""));
    }

    private static Smtp smtp(YamlSection top, Path root) {
        YamlSection s = top.sectionOrEmpty("smtp", SMTP_KEYS);
        Optional<String> host = s.text("host").map(String::strip).filter(h -> !h.isEmpty());
        int port = s.whole("port", 25, 1, 65535);
        Tls tls = s.checked("tls", "none", Checks::tls);
        String username = s.text("username", "");
        String password = s.text("password", "");
        int connections = s.whole("connections", 4, 1, 64);
        double maxPerSecond = s.decimal("max_per_second", 0, 0);
        int timeoutSeconds = s.whole("timeout_seconds", 30, 1, 600);
        Path outbox = s.text("outbox", "").isBlank() ? root.resolve("outbox")
                : s.requiredChecked("outbox", v -> Checks.path(root, v));
        return new Smtp(host, port, tls, username, password, connections, maxPerSecond, timeoutSeconds, outbox);
    }

    private static Optional<Imap> imap(YamlSection top) {
        return top.section("imap", IMAP_KEYS).map(s -> {
            String host = s.required("host").strip();
            Tls tls = s.checked("tls", "none", Checks::tls);
            int port = s.whole("port", tls == Tls.SSL ? 993 : 143, 1, 65535);
            String username = s.required("username");
            String folder = s.text("folder", "INBOX");
            String processed = s.text("processed_folder", "Processed");
            if (processed.equals(folder)) throw s.fail("processed_folder", "must differ from imap.folder (\"" + folder + "\")");
            return new Imap(host, port, tls, username, s.text("password", ""), folder, processed,
                    s.whole("timeout_seconds", 30, 1, 600));
        });
    }

    private static Tracking tracking(YamlSection top) {
        YamlSection s = top.requiredSection("tracking", TRACKING_KEYS);
        String baseUrl = s.requiredChecked("base_url", Checks::baseUrl);
        Checks.HostPort listen = s.checked("listen", "127.0.0.1:8080", Checks::listen);
        List<String> previous = s.texts("previous_secrets").stream().filter(p -> !p.isBlank()).toList();
        return new Tracking(baseUrl, listen.host(), listen.port(), s.text("secret", ""), previous, s.flag("enabled", true),
                trustedProxies(s));
    }

    /** Each entry an address or a CIDR range; a mistake names the entry, since the line is the list's. */
    private static List<AddressRange> trustedProxies(YamlSection s) {
        List<AddressRange> ranges = new ArrayList<>();
        for (String entry : s.texts("trusted_proxies")) {
            try {
                ranges.add(AddressRange.parse(entry));
            } catch (IllegalArgumentException e) {
                throw s.fail("trusted_proxies", e.getMessage());
            }
        }
        return List.copyOf(ranges);
    }

    private static Schedule schedule(YamlSection top) {
        YamlSection s = top.sectionOrEmpty("schedule", SCHEDULE_KEYS);
        return new Schedule(s.checked("send", "0 0 9 ? * TUE", CronCheck::check),
                s.checked("poll", "0 */5 * * * ?", CronCheck::check),
                s.checked("time_zone", "UTC", Checks::zone));
    }

    private static List<StageConfig> stages(YamlSection top) {
        SequenceNode list = top.requiredList("stages");
        if (list.getValue().isEmpty()) throw top.fail("stages", "at least one stage is required");
        List<StageConfig> stages = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Node node : list.getValue()) {
            int index = stages.size();
            YamlSection s = top.entry("stages", index, node, STAGE_KEYS);
            String name = s.requiredChecked("name", Checks::stageName);
            Integer earlier = seen.putIfAbsent(name, index);
            if (earlier != null) {
                throw s.fail("name", "duplicate stage \"" + name + "\" (also stages[" + earlier + "])");
            }
            stages.add(new StageConfig(name, s.requiredWhole("cadence_days", 1, NO_MAX), s.section("promote", PROMOTE_KEYS)
                    .map(ConfigLoader::promotion)));
        }
        return List.copyOf(stages);
    }

    private static Promotion promotion(YamlSection s) {
        Promotion p = new Promotion(s.whole("opens", 0, 0, NO_MAX), s.whole("clicks", 0, 0, NO_MAX),
                s.whole("replies", 0, 0, NO_MAX), s.whole("referrals", 0, 0, NO_MAX), s.whole("within_days", 60, 1, NO_MAX));
        if (p.opens() == 0 && p.clicks() == 0 && p.replies() == 0 && p.referrals() == 0) {
            throw s.fail("opens", "a promote rule needs at least one of opens, clicks, replies or referrals above 0");
        }
        return p;
    }

    private static Dormant dormant(YamlSection top) {
        YamlSection s = top.sectionOrEmpty("dormant", DORMANT_KEYS);
        return new Dormant(s.whole("after_days", 120, 1, NO_MAX), s.whole("cadence_days", 30, 1, NO_MAX));
    }

    private static Limits limits(YamlSection top) {
        YamlSection s = top.sectionOrEmpty("limits", LIMITS_KEYS);
        return new Limits(s.whole("max_notes", 2, 1, NO_MAX), s.whole("per_days", 7, 1, NO_MAX));
    }
}
