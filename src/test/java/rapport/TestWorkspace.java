package rapport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import rapport.config.ConfigLoader;
import rapport.config.RapportConfig;
import rapport.config.RapportConfig.Promotion;
import rapport.config.RapportConfig.StageConfig;

/**
 * The one place tests get a Rapport workspace from: a fluent builder that writes
 * {@code config/rapport.yaml} (and, on request, templates and the sample customers CSV) into a
 * folder. It starts from the repository's sample workspace (sender Pano at Kosmima, the outbox
 * instead of SMTP, the four-stage ladder with its promote rules, New York time); each test sets
 * only what it varies. {@link #config(Path)} parses the same text without writing it, for tests
 * that need the configuration records alone. Not thread-safe: one builder per test.
 */
public final class TestWorkspace {
    /** The repository, whose {@code templates/} and {@code samples/} a workspace can copy. */
    public static final Path REPO = Path.of("").toAbsolutePath();
    /** The sample ladder: new, acquaintance, friend, partner, with the sample's promote rules. */
    public static final List<StageConfig> SAMPLE_STAGES = List.of(
            new StageConfig("new", 3, Optional.of(new Promotion(2, 1, 1, 30))),
            new StageConfig("acquaintance", 7, Optional.of(new Promotion(0, 3, 1, 60))),
            new StageConfig("friend", 14, Optional.of(new Promotion(0, 0, 2, 180))),
            new StageConfig("partner", 14));

    private String postalAddress = "12 Boylston St, Chestnut Hill, MA 02467";
    private String databaseUrl = "${RAPPORT_DATABASE_URL:-jdbc:h2:file:./data/rapport}";
    private String databaseUser = "${RAPPORT_DATABASE_USER:-sa}";
    private String databasePassword = "${RAPPORT_DATABASE_PASSWORD:-}";
    private boolean h2InWorkspace;
    private String smtpHost;
    private int smtpPort = 2525;
    private int smtpConnections = 4;
    private double smtpMaxPerSecond;
    private int smtpTimeoutSeconds = 30;
    private String outbox;
    private final Map<String, String> imap = new LinkedHashMap<>();
    private String baseUrl = "https://news.kosmima.example";
    private String listen = "127.0.0.1:8080";
    private String secret = "${RAPPORT_SECRET:-}";
    private List<String> previousSecrets = List.of();
    private Boolean trackingEnabled;
    private String send = "0 0 9 ? * TUE";
    private String poll = "0 */5 * * * ?";
    private String timeZone = "America/New_York";
    private List<StageConfig> stages = SAMPLE_STAGES;
    private int dormantAfterDays = 120, dormantCadenceDays = 30;
    private int maxNotes = 2, perDays = 7;
    private final Map<String, List<String>> extra = new LinkedHashMap<>();
    private boolean sampleTemplates, sampleCustomers;
    private final Map<String, String> templates = new LinkedHashMap<>();

    private TestWorkspace() {}

    /** A workspace configured as the repository's sample one, with no templates or customers yet. */
    public static TestWorkspace sample() {
        return new TestWorkspace();
    }

    public TestWorkspace postalAddress(String address) {
        this.postalAddress = address;
        return this;
    }

    /** An embedded H2 file at {@code data/rapport} in the workspace, by its absolute path. */
    public TestWorkspace h2Database() {
        this.h2InWorkspace = true;
        return this;
    }

    /** Any JDBC URL, e.g. a PostgreSQL one with {@code ?currentSchema=...}. */
    public TestWorkspace database(String url, String username, String password) {
        this.h2InWorkspace = false;
        this.databaseUrl = url;
        this.databaseUser = username;
        this.databasePassword = password;
        return this;
    }

    /** Messages go over SMTP to this server instead of into the outbox. */
    public TestWorkspace smtp(String host, int port) {
        this.smtpHost = host;
        this.smtpPort = port;
        return this;
    }

    public TestWorkspace smtpConnections(int connections) {
        this.smtpConnections = connections;
        return this;
    }

    public TestWorkspace smtpMaxPerSecond(double perSecond) {
        this.smtpMaxPerSecond = perSecond;
        return this;
    }

    public TestWorkspace smtpTimeoutSeconds(int seconds) {
        this.smtpTimeoutSeconds = seconds;
        return this;
    }

    public TestWorkspace outbox(String folder) {
        this.outbox = folder;
        return this;
    }

    /** An {@code imap} section for the reply mailbox, plain text on the wire. */
    public TestWorkspace imap(String host, int port, String username, String password) {
        imap.put("host", host);
        imap.put("port", Integer.toString(port));
        imap.put("username", username);
        imap.put("password", quoted(password));
        return this;
    }

    public TestWorkspace imapTimeoutSeconds(int seconds) {
        imap.put("timeout_seconds", Integer.toString(seconds));
        return this;
    }

    public TestWorkspace trackingBaseUrl(String url) {
        this.baseUrl = url;
        return this;
    }

    /** Where {@code serve} listens, {@code host:port}. */
    public TestWorkspace trackingListen(String hostPort) {
        this.listen = hostPort;
        return this;
    }

    public TestWorkspace secret(String secret, String... previous) {
        this.secret = secret;
        this.previousSecrets = List.of(previous);
        return this;
    }

    /** {@code tracking.enabled}: false leaves pixel and click links out of every note. */
    public TestWorkspace trackingEnabled(boolean enabled) {
        this.trackingEnabled = enabled;
        return this;
    }

    /** Quartz cron of the weekly send. */
    public TestWorkspace scheduleSend(String cron) {
        this.send = cron;
        return this;
    }

    /** Quartz cron of the mailbox poll. */
    public TestWorkspace schedulePoll(String cron) {
        this.poll = cron;
        return this;
    }

    public TestWorkspace timeZone(String zone) {
        this.timeZone = zone;
        return this;
    }

    /** The ladder, in order; {@link #SAMPLE_STAGES} unless set. */
    public TestWorkspace stages(StageConfig... ladder) {
        this.stages = List.of(ladder);
        return this;
    }

    /** The same ladder with no promote rules, so no customer moves up during a test. */
    public TestWorkspace withoutPromotion() {
        this.stages = stages.stream().map(s -> new StageConfig(s.name(), s.cadenceDays())).toList();
        return this;
    }

    public TestWorkspace dormant(int afterDays, int cadenceDays) {
        this.dormantAfterDays = afterDays;
        this.dormantCadenceDays = cadenceDays;
        return this;
    }

    public TestWorkspace limits(int maxNotes, int perDays) {
        this.maxNotes = maxNotes;
        this.perDays = perDays;
        return this;
    }

    /** A raw line added to {@code section} as written, e.g. a misspelt key a test expects an error for. */
    public TestWorkspace extra(String section, String line) {
        extra.computeIfAbsent(section, s -> new ArrayList<>()).add(line);
        return this;
    }

    /** Copies the repository's {@code templates/} into the workspace. */
    public TestWorkspace sampleTemplates() {
        this.sampleTemplates = true;
        return this;
    }

    /** Writes {@code templates/<name>} with this text (after any sample templates, so it may replace one). */
    public TestWorkspace template(String name, String text) {
        templates.put(name, text);
        return this;
    }

    /** Copies the repository's {@code samples/customers.csv} to {@code samples/customers.csv}. */
    public TestWorkspace sampleCustomers() {
        this.sampleCustomers = true;
        return this;
    }

    /** Writes the configuration, a {@code templates/} folder and what else was asked for into {@code dir}. */
    public Path write(Path dir) {
        try {
            Files.createDirectories(dir.resolve("config"));
            Files.createDirectories(dir.resolve("templates"));
            Files.writeString(dir.resolve(ConfigLoader.FILE), yaml(dir), StandardCharsets.UTF_8);
            if (sampleTemplates) copyTree(REPO.resolve("templates"), dir.resolve("templates"));
            for (var t : templates.entrySet()) {
                Path file = dir.resolve("templates").resolve(t.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, t.getValue(), StandardCharsets.UTF_8);
            }
            if (sampleCustomers) copyTree(REPO.resolve("samples"), dir.resolve("samples"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** Writes the workspace and loads its configuration as a command would, with no environment. */
    public RapportConfig load(Path dir) {
        return ConfigLoader.load(write(dir), Map.of());
    }

    /** The configuration of a workspace at {@code dir}, parsed without writing anything. */
    public RapportConfig config(Path dir) {
        return ConfigLoader.parse(dir, ConfigLoader.FILE, yaml(dir), Map.of());
    }

    /** The configuration parsed as for a workspace in the current directory, writing nothing. */
    public RapportConfig config() {
        return config(Path.of(""));
    }

    /** The text of {@code config/rapport.yaml} for a workspace at {@code dir}. */
    public String yaml(Path dir) {
        String url = h2InWorkspace ? "jdbc:h2:file:" + dir.resolve("data").resolve("rapport").toAbsolutePath() : databaseUrl;
        StringBuilder y = new StringBuilder();
        section(y, "sender", "name", "\"Pano at Kosmima\"", "address", "hello@kosmima.example", "reply_to", "replies@kosmima.example",
                "postal_address", quoted(postalAddress));
        section(y, "database", "url", quoted(url), "username", quoted(databaseUser), "password", quoted(databasePassword));
        section(y, "smtp", "host", smtpHost, "port", smtpPort, "tls", "none", "connections", smtpConnections,
                "max_per_second", smtpMaxPerSecond, "timeout_seconds", smtpTimeoutSeconds, "outbox", outbox);
        if (!imap.isEmpty()) {
            section(y, "imap", imap.entrySet().stream().flatMap(e -> Stream.of(e.getKey(), e.getValue())).toArray());
        }
        String previous = previousSecrets.isEmpty() ? null
                : previousSecrets.stream().map(TestWorkspace::quoted).collect(Collectors.joining(", ", "[", "]"));
        section(y, "tracking", "base_url", baseUrl, "listen", listen, "secret", quoted(secret), "previous_secrets", previous,
                "enabled", trackingEnabled);
        section(y, "schedule", "send", quoted(send), "poll", quoted(poll), "time_zone", timeZone);
        y.append("stages:\n");
        for (StageConfig s : stages) {
            y.append("  - { name: ").append(s.name()).append(", cadence_days: ").append(s.cadenceDays());
            s.promote().ifPresent(p -> y.append(", promote: { opens: %d, clicks: %d, replies: %d, within_days: %d }"
                    .formatted(p.opens(), p.clicks(), p.replies(), p.withinDays())));
            y.append(" }\n");
        }
        section(y, "dormant", "after_days", dormantAfterDays, "cadence_days", dormantCadenceDays);
        section(y, "limits", "max_notes", maxNotes, "per_days", perDays);
        return y.toString();
    }

    /** {@code name:} and its keys in pairs, leaving out null values; then any extra lines. */
    private void section(StringBuilder y, String name, Object... pairs) {
        y.append(name).append(":\n");
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) y.append("  ").append(pairs[i]).append(": ").append(pairs[i + 1]).append('\n');
        }
        extra.getOrDefault(name, List.of()).forEach(line -> y.append("  ").append(line).append('\n'));
    }

    private static String quoted(String value) {
        return value == null ? null : "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
    }
}
