package rapport.tracking;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import rapport.TestWorkspace;
import rapport.config.RapportConfig;
import rapport.customer.CustomerImport;
import rapport.customer.ImportReport;
import rapport.customer.Status;
import rapport.customer.TimelineEvent;
import rapport.feedback.FeedbackLog;
import rapport.render.Links;
import rapport.tokens.Tokens;
import rapport.store.CustomerStore;
import rapport.store.Database;
import rapport.store.FeedbackStore;

/**
 * A tracking server on loopback in front of a real H2 store holding {@code n} customers, each of
 * whom was sent one note in run {@link #RUN} at {@link #SENT_AT}; the clock stands two hours
 * later, so hits are human unless their User-Agent says otherwise. Tokens sign with
 * {@link #SECRET} and still verify {@link #PREVIOUS_SECRET}. Not thread-safe, except that requests
 * may be sent from several threads.
 */
final class TrackingFixture implements AutoCloseable {
    static final Instant SENT_AT = Instant.parse("2026-11-24T14:00:00Z");
    static final Instant NOW = SENT_AT.plus(Duration.ofHours(2));
    static final String RUN = "20261124";
    static final String SECRET = "tracking-secret-current";
    static final String PREVIOUS_SECRET = "tracking-secret-previous";
    /** Who the pages speak for, as {@code sender.name} says. */
    static final String SHOP = "Pano at Kosmima";
    static final String AGENT = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 Mail";

    final Database database;
    final CustomerStore customers;
    final FeedbackStore feedback;
    final Tokens tokens = new Tokens(List.of(SECRET, PREVIOUS_SECRET));
    /** What {@code /health} asks; a test swaps it. */
    final AtomicReference<HealthCheck> health = new AtomicReference<>(() -> true);
    final TrackingServer server;
    final Links links;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    private TrackingFixture(Database database, TrackingServer.Options options, UnaryOperator<FeedbackLog> wrap) {
        this.database = database;
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        this.customers = new CustomerStore(database, clock);
        this.feedback = new FeedbackStore(database, clock);
        this.server = TrackingServer.start("127.0.0.1", 0, tokens, wrap.apply(feedback), () -> health.get().databaseAnswers(), clock,
                options);
        RapportConfig config = TestWorkspace.sample().trackingBaseUrl(base()).trackingListen("127.0.0.1:" + server.port())
                .secret(SECRET, PREVIOUS_SECRET).postalAddress("12 Boylston St").config();
        this.links = new Links(config.tracking(), config.sender(), tokens);
    }

    static TrackingFixture open(Path dir, int n) {
        return open(dir, n, TrackingServer.Options.defaults().withSenderName(SHOP));
    }

    static TrackingFixture open(Path dir, int n, TrackingServer.Options options) {
        return open(dir, n, options, log -> log);
    }

    /** A server whose feedback log is the real store as {@code wrap} decorates it (to slow it down, say). */
    static TrackingFixture open(Path dir, int n, TrackingServer.Options options, UnaryOperator<FeedbackLog> wrap) {
        Database db = Database.open(new RapportConfig.Database("jdbc:h2:file:" + dir.resolve("rapport").toAbsolutePath(), "sa", ""), 8);
        seed(db, n);
        return new TrackingFixture(db, options, wrap);
    }

    /** A new server in front of the database an earlier fixture in {@code dir} seeded: a restarted {@code serve}. */
    static TrackingFixture reopen(Path dir) {
        return new TrackingFixture(Database.open(new RapportConfig.Database("jdbc:h2:file:" + dir.resolve("rapport").toAbsolutePath(), "sa", ""), 8),
                TrackingServer.Options.defaults(), log -> log);
    }

    static String email(int i) {
        return "c%03d@example.com".formatted(i);
    }

    /** Imports {@code n} customers the way {@code rapport import} does, and records one sent note each. */
    static void seed(Database db, int n) {
        StringBuilder csv = new StringBuilder("email,first_name,stage,joined_at\n");
        for (int i = 0; i < n; i++) csv.append(email(i)).append(",Name").append(i).append(",new,2026-11-01\n");
        CustomerImport importer = new CustomerImport(new CustomerStore(db, Clock.fixed(SENT_AT, ZoneOffset.UTC)),
                List.of("new", "acquaintance", "friend", "partner"), ZoneOffset.UTC, LocalDate.of(2026, 11, 1));
        try {
            ImportReport report = importer.run("customers.csv", new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)), false);
            if (!report.rejected().isEmpty()) throw new IllegalStateException("rows rejected: " + report.rejected());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        OffsetDateTime sent = SENT_AT.atOffset(ZoneOffset.UTC);
        update(db, "insert into runs (id, as_of, state, started_at) values (?, ?, 'finished', ?)", RUN, sent, sent);
        update(db, "insert into deliveries (run_id, customer_id, piece, state, attempts, message_id, sent_at)"
                + " select ?, id, 'note', 'sent', 1, concat('<rapport.', id, '@kosmima.example>'), ? from customers", RUN, sent);
    }

    long id(String email) {
        return customers.findByEmail(email).orElseThrow().id();
    }

    Status status(String email) {
        return customers.findByEmail(email).orElseThrow().status();
    }

    List<TimelineEvent> timeline(String email, String type) {
        return customers.timeline(id(email)).stream().filter(e -> e.type().equals(type)).toList();
    }

    /** The customer's undone unsubscribes: {@code preference} events that say so. */
    List<TimelineEvent> undoings(String email) {
        return timeline(email, "preference").stream().filter(e -> e.detail() != null && e.detail().startsWith("unsubscribe undone")).toList();
    }

    String base() {
        return "http://127.0.0.1:" + server.port();
    }

    /** A URL Links made with the public base, pointed at this server instead. */
    URI local(String url) {
        return URI.create(base() + url.substring(url.indexOf('/', "https://".length())));
    }

    HttpResponse<byte[]> get(String pathOrUrl) {
        return send(HttpRequest.newBuilder(uri(pathOrUrl)).header("User-Agent", AGENT).GET());
    }

    HttpResponse<byte[]> head(String pathOrUrl) {
        return send(HttpRequest.newBuilder(uri(pathOrUrl)).header("User-Agent", AGENT).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    }

    HttpResponse<byte[]> post(String pathOrUrl, String contentType, String body) {
        return send(HttpRequest.newBuilder(uri(pathOrUrl)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    HttpResponse<byte[]> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String pathOrUrl) {
        return pathOrUrl.startsWith("/") ? URI.create(base() + pathOrUrl) : local(pathOrUrl);
    }

    static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    /** Rows of {@code events} matching a condition, e.g. {@code "type = 'open'"}. */
    int countEvents(String where) {
        return countEvents(database, where);
    }

    static int countEvents(Database database, String where) {
        return (int) count(database, "select count(*) from events where " + where);
    }

    /** Pixel fetches counted against the notes of run {@link #RUN}: every one, first or not, human or machine. */
    long hits() {
        return hits(database);
    }

    static long hits(Database database) {
        return count(database, "select coalesce(sum(pixel_fetches), 0) from deliveries");
    }

    private static long count(Database database, String sql) {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement st = c.prepareStatement(sql);
             ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs an update against the fixture's database (a note's subject, say). */
    void sql(String sql, Object... params) {
        update(database, sql, params);
    }

    /** The single value a query answers (null when none). */
    Object value(String sql, Object... params) {
        return value(database, sql, params);
    }

    static Object value(Database database, String sql, Object... params) {
        try (Connection c = database.dataSource().getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) st.setObject(i + 1, params[i]);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getObject(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    static void update(Database db, String sql, Object... params) {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) st.setObject(i + 1, params[i]);
            st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        server.close();
        database.close();
    }
}
