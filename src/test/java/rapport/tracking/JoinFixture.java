package rapport.tracking;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import rapport.TestWorkspace;
import rapport.config.RapportConfig;
import rapport.config.RapportConfig.Tracking.AddressRange;
import rapport.customer.EmailAddresses;
import rapport.customer.ImportedCustomer;
import rapport.delivery.OutboxMailer;
import rapport.render.ConfirmationNote;
import rapport.render.Links;
import rapport.store.CustomerStore;
import rapport.store.Database;
import rapport.store.FeedbackStore;
import rapport.store.SignupStore;
import rapport.testing.MovableClock;
import rapport.tokens.Tokens;

/**
 * A tracking server with joining switched on, in front of a real H2 store (holding {@code n}
 * customers seeded as {@link TrackingFixture} seeds them) and a real confirmation queue writing its notes into an
 * outbox folder, on a clock a test can move. Offers {@link #OFFERED}; signups wait
 * {@link #DAYS} days. Requests come from 127.0.0.1, which the join form's limit counts as one
 * client unless 127.0.0.1 is a trusted proxy ({@link #behind}). Not thread-safe.
 */
final class JoinFixture implements AutoCloseable {
    static final List<String> OFFERED = List.of("pearls", "watches", "rings", "repairs");
    static final int DAYS = 7;
    static final String FORM = "application/x-www-form-urlencoded";
    private static final Pattern CONFIRM = Pattern.compile("href=\"(http://127\\.0\\.0\\.1:\\d+(/confirm/[^\"]+))\"");

    final MovableClock clock = new MovableClock(TrackingFixture.NOW);
    final Database database;
    final CustomerStore customers;
    final SignupStore signups;
    final Tokens tokens = new Tokens(List.of(TrackingFixture.SECRET));
    final ConfirmationMailer notes;
    final TrackingServer server;
    final Path outbox;
    final Path templates;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    private JoinFixture(Path dir, int n, List<AddressRange> trustedProxies) {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.outbox = dir.resolve("outbox");
        this.templates = dir.resolve("templates");
        RapportConfig config = TestWorkspace.sample().config();
        ZoneId zone = config.schedule().timeZone();
        this.database = Database.open(new RapportConfig.Database("jdbc:h2:file:" + dir.resolve("rapport").toAbsolutePath(), "sa", ""), 8);
        TrackingFixture.seed(database, n);
        this.customers = new CustomerStore(database, clock);
        this.signups = new SignupStore(database);
        this.notes = new ConfirmationMailer(new ConfirmationNote(templates, config.sender(), zone), new OutboxMailer(outbox), tokens,
                "http://127.0.0.1:" + port, "kosmima.example", clock);
        this.server = TrackingServer.start("127.0.0.1", port, tokens, new FeedbackStore(database, clock), () -> true, clock,
                TrackingServer.Options.defaults().withSenderName(TrackingFixture.SHOP)
                        .withJoin(new JoinSetup(signups, notes::send, OFFERED, DAYS, "new", zone)).withTrustedProxies(trustedProxies));
    }

    static JoinFixture open(Path dir, int customers) {
        return new JoinFixture(dir, customers, List.of());
    }

    /** Behind proxies: {@code X-Forwarded-For} names the client when the peer (127.0.0.1) is one of {@code trustedProxies}. */
    static JoinFixture behind(Path dir, List<AddressRange> trustedProxies) {
        return new JoinFixture(dir, 0, trustedProxies);
    }

    HttpResponse<byte[]> join(String body) {
        return post("/join", body);
    }

    HttpResponse<byte[]> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base() + path)).GET());
    }

    HttpResponse<byte[]> post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(base() + path)).header("Content-Type", FORM)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    String base() {
        return "http://127.0.0.1:" + server.port();
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A well-filled form for {@code email}, with a first name and two interests. */
    HttpResponse<byte[]> join(String email, String firstName) {
        return join(email, firstName, List.of());
    }

    /** The same form, with one {@code X-Forwarded-For} header for each of {@code forwardedFor}, in order. */
    HttpResponse<byte[]> join(String email, String firstName, List<String> forwardedFor) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + "/join")).header("Content-Type", FORM)
                .POST(HttpRequest.BodyPublishers.ofString("first_name=" + firstName + "&email=" + email.replace("+", "%2B")
                        + "&interests=pearls&interests=rings&consent=yes&website=", StandardCharsets.UTF_8));
        forwardedFor.forEach(value -> request.header("X-Forwarded-For", value));
        return send(request);
    }

    /** Every confirmation note written so far, once the queue has sent what it holds. */
    List<MimeMessage> sent() {
        try {
            if (!notes.awaitSent(Duration.ofSeconds(10))) throw new AssertionError("the confirmation notes did not go out");
            if (!Files.isDirectory(outbox)) return List.of();
            List<MimeMessage> out = new ArrayList<>();
            try (Stream<Path> files = Files.list(outbox)) {
                for (Path p : files.filter(p -> p.toString().endsWith(".eml")).sorted().toList()) {
                    try (InputStream in = Files.newInputStream(p)) {
                        out.add(new MimeMessage(Session.getInstance(new Properties()), in));
                    }
                }
            }
            return out;
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The notes sent to {@code email}. */
    List<MimeMessage> sentTo(String email) {
        return sent().stream().filter(m -> to(m).equalsIgnoreCase(email)).toList();
    }

    /** The path of the confirmation link in the newest note to {@code email}. */
    String confirmPath(String email) {
        List<MimeMessage> to = sentTo(email);
        if (to.isEmpty()) throw new AssertionError("no confirmation note to " + email);
        Matcher m = CONFIRM.matcher(html(to.get(to.size() - 1)));
        if (!m.find()) throw new AssertionError("no confirmation link in the note");
        return m.group(2);
    }

    static String to(MimeMessage m) {
        try {
            return ((jakarta.mail.internet.InternetAddress) m.getRecipients(MimeMessage.RecipientType.TO)[0]).getAddress();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String html(MimeMessage m) {
        return part(m, "text/html");
    }

    static String text(MimeMessage m) {
        return part(m, "text/plain");
    }

    private static String part(MimeMessage m, String type) {
        try {
            jakarta.mail.Multipart parts = (jakarta.mail.Multipart) m.getContent();
            for (int i = 0; i < parts.getCount(); i++) {
                if (parts.getBodyPart(i).isMimeType(type)) return (String) parts.getBodyPart(i).getContent();
            }
            throw new AssertionError("no " + type + " part");
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Adds one customer at the stage that brings friends, as an import would, and gives their
     * number. {@code firstName} may be null: a customer the shop knows only by address.
     */
    long customer(String email, String firstName, String lastName) {
        customers.insert(List.of(new ImportedCustomer(2, EmailAddresses.key(email), email, firstName, lastName, "partner",
                LocalDate.of(2026, 11, 1), null, List.of(), Map.of())), "partner", LocalDate.of(2026, 11, 1));
        return customers.findByEmail(email).orElseThrow().id();
    }

    /** The path of {@code customer}'s personal invitation, signed as {@code Links.referral} signs it. */
    String invitation(long customer) {
        return "/join?r=" + tokens.sign(Tokens.Purpose.INVITE, customer, Links.INVITATION);
    }

    /** The single number a query answers. */
    long count(String sql, Object... params) {
        return ((Number) TrackingFixture.value(database, sql, params)).longValue();
    }

    /** Runs an update (a customer's status, say). */
    void sql(String sql, Object... params) {
        TrackingFixture.update(database, sql, params);
    }

    @Override
    public void close() {
        server.close();
        notes.close();
        database.close();
    }
}
