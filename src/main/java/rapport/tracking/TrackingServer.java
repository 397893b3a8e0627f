package rapport.tracking;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import rapport.config.RapportConfig.Tracking.AddressRange;
import rapport.feedback.FeedbackLog;
import rapport.tokens.Tokens;

/**
 * The HTTP endpoints that answer the URLs a sent note carries (see {@code rapport.render.Links}):
 * <ul>
 * <li>{@code GET|HEAD /o/<token>.gif}: always the same 1x1 transparent GIF, never cached; a valid
 *     open token queues an open (a HEAD is recorded as machine traffic).</li>
 * <li>{@code GET|HEAD /c/<token>?u=<target>}: a 302 to {@code target} only when the click token
 *     was signed for exactly that target and it is an http(s) address; otherwise a 400 page,
 *     never a redirect.</li>
 * <li>{@code POST /u/<token>}: RFC 8058 one-click ({@code List-Unsubscribe=One-Click}), or the
 *     page's {@code action=unsubscribe|fewer|undo}; committed before the answer. {@code GET}
 *     shows where the person stands and changes nothing (see {@link UnsubscribeEndpoint}).</li>
 * <li>{@code GET /f/<token>?v=useful|not-for-me}, {@code POST /f/<token>}: the rating page and
 *     its answer, committed before the reply (see {@link RatingEndpoint}).</li>
 * <li>{@code GET|POST /p/<token>}: the preferences page (see {@link PreferencesEndpoint}).</li>
 * <li>{@code GET|POST /join}, {@code GET|POST /confirm/<token>}: joining from the shop's website,
 *     with double opt-in (see {@link JoinEndpoint}, {@link ConfirmEndpoint}); a 404 unless
 *     {@link Options#join()} is set.</li>
 * <li>{@code GET /health}: {@code {"status":"ok","database":"ok"}}, or a 503 when the database
 *     does not answer.</li>
 * </ul>
 * Anything else is a 404; request bodies over 64 KB get a 413, headers over 8 KB a 431.
 *
 * <p>Clients that open connections and never finish their requests (slowloris, a trickled body)
 * hold no thread and lose their connection at a deadline, so the endpoints keep answering
 * everyone else (see {@link HttpFront}).
 *
 * <p>Opens and clicks go through a bounded queue to one writer thread that records them in
 * batches (see {@link EventQueue}). {@link #close} stops accepting, lets the requests in flight
 * finish and writes every queued hit before it returns. Thread-safe.
 */
public final class TrackingServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrackingServer.class);

    /**
     * Tuning and wording. {@code threads} answer requests (an unsubscribe holds one for a commit,
     * a rating one until its shared commit, so many threads make large shared commits; the rest
     * are quick); {@code queueCapacity} hits may wait for the writer before requests
     * wait too; {@code batchSize} hits at most go in one transaction; a failed write is tried
     * {@code writeAttempts} times in all, {@code firstBackoff} apart and doubling; the writer
     * gathers hits for up to {@code gather} before it writes them (an open is recorded that much
     * later, in far fewer transactions);
     * {@code closeTimeout} bounds how long close waits for requests in flight; {@code senderName}
     * is who the pages speak for (escaped); {@code interests} are what the preferences page offers
     * everyone (the shop's list, or every interest the catalog names); {@code join} is what the
     * join and confirmation pages need, null when {@code signup.enabled} is off; {@code trustedProxies}
     * are the proxies whose {@code X-Forwarded-For} names the client (see {@link ClientAddress}). Immutable.
     */
    public record Options(int threads, int queueCapacity, int batchSize, int writeAttempts, Duration firstBackoff,
                          Duration gather, Duration closeTimeout, String senderName, List<String> interests, JoinSetup join,
                          List<AddressRange> trustedProxies) {
        public Options {
            interests = interests == null ? List.of() : List.copyOf(interests);
            trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
            if (threads < 1 || queueCapacity < 1 || batchSize < 1 || writeAttempts < 1) {
                throw new IllegalArgumentException("threads, queueCapacity, batchSize and writeAttempts must be at least 1");
            }
            if (firstBackoff.isNegative() || gather.isNegative() || closeTimeout.isNegative()) throw new IllegalArgumentException("durations must not be negative");
            if (senderName == null || senderName.isBlank()) senderName = "us";
        }

        public static Options defaults() {
            return new Options(64, 20_000, 5000, 5, Duration.ofMillis(200), Duration.ofMillis(300), Duration.ofSeconds(10), "us", List.of(), null,
                    List.of());
        }

        /** The same options, with the unsubscribe page speaking for {@code name} (e.g. {@code sender.name}). */
        public Options withSenderName(String name) {
            return new Options(threads, queueCapacity, batchSize, writeAttempts, firstBackoff, gather, closeTimeout, name, interests, join,
                    trustedProxies);
        }

        /** The same options, with the preferences page offering {@code offered}. */
        public Options withInterests(List<String> offered) {
            return new Options(threads, queueCapacity, batchSize, writeAttempts, firstBackoff, gather, closeTimeout, senderName, offered, join,
                    trustedProxies);
        }

        /** The same options, with the join and confirmation pages answering as {@code setup} says. */
        public Options withJoin(JoinSetup setup) {
            return new Options(threads, queueCapacity, batchSize, writeAttempts, firstBackoff, gather, closeTimeout, senderName, interests, setup,
                    trustedProxies);
        }

        /** The same options, with the client read from {@code X-Forwarded-For} when the peer is one of {@code proxies}. */
        public Options withTrustedProxies(List<AddressRange> proxies) {
            return new Options(threads, queueCapacity, batchSize, writeAttempts, firstBackoff, gather, closeTimeout, senderName, interests, join,
                    proxies);
        }
    }

    private volatile HttpFront front;
    private final EventQueue queue;
    private final InFlight inFlight = new InFlight();
    private final OpenAndClick openAndClick;
    private final UnsubscribeEndpoint unsubscribe;
    private final GroupCommit answers;
    private final RatingEndpoint rating;
    private final PreferencesEndpoint preferences;
    /** Null when joining is off: the paths answer 404. */
    private final JoinEndpoint join;
    private final ConfirmEndpoint confirm;
    private final HealthCheck health;
    private final Duration closeTimeout;
    private final AtomicBoolean closed = new AtomicBoolean();

    private TrackingServer(EventQueue queue, Tokens tokens, FeedbackLog log, HealthCheck health, Clock clock, Options options) {
        this.queue = queue;
        // One page set for every page a person reaches through a link, in the shop's name.
        PageSet pages = new PageSet(options.senderName(), clock.getZone());
        this.openAndClick = new OpenAndClick(tokens, queue, clock, pages);
        this.unsubscribe = new UnsubscribeEndpoint(tokens, log, clock, pages);
        this.answers = GroupCommit.start(log, options.batchSize());
        this.rating = new RatingEndpoint(tokens, log, answers, clock, pages);
        this.preferences = new PreferencesEndpoint(tokens, log, clock, pages, options.interests());
        this.join = options.join() == null ? null : new JoinEndpoint(options.join(), tokens, clock, pages, options.senderName(),
                new ClientAddress(options.trustedProxies()));
        this.confirm = options.join() == null ? null : new ConfirmEndpoint(options.join(), tokens, clock, pages);
        this.health = health;
        this.closeTimeout = options.closeTimeout();
    }

    /** Starts listening with the {@linkplain Options#defaults() default options}; see the other overload. */
    public static TrackingServer start(String host, int port, Tokens tokens, FeedbackLog log, HealthCheck health, Clock clock) {
        return start(host, port, tokens, log, health, clock, Options.defaults());
    }

    /**
     * Starts listening on {@code host:port} ({@code port} 0: any free port, see {@link #port()}).
     * Event times come from {@code clock}.
     *
     * @throws UncheckedIOException when the address cannot be bound (in use, not local, ...)
     */
    public static TrackingServer start(String host, int port, Tokens tokens, FeedbackLog log, HealthCheck health, Clock clock,
                                       Options options) {
        EventQueue queue = EventQueue.start(log, options.queueCapacity(), options.batchSize(), options.writeAttempts(),
                options.firstBackoff(), options.gather());
        TrackingServer tracking = new TrackingServer(queue, tokens, log, health, clock, options);
        try {
            tracking.front = HttpFront.start(host, port, HttpFront.Limits.defaults(options.threads()), tracking::handle);
        } catch (RuntimeException e) {
            // The writer thread keeps a JVM alive: it must not outlive a server that never started.
            tracking.close();
            throw e;
        }
        LOG.info("tracking: listening on {}:{}", host, tracking.port());
        return tracking;
    }

    /** The port the server listens on (the one chosen when started with 0). */
    public int port() {
        return front.port();
    }

    /**
     * Stops accepting requests, waits (up to the close timeout) for those in flight, and returns
     * once every queued open and click is recorded. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        boolean interrupted = false;
        try {
            if (!inFlight.close(closeTimeout)) LOG.warn("tracking: requests still running after {}; closing anyway", closeTimeout);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (front != null) {
            try {
                front.stop();
            } catch (RuntimeException e) {
                LOG.warn("tracking: {}", e.getMessage());
            }
        }
        answers.close();
        queue.close();
        if (queue.lost() > 0) LOG.error("tracking: {} opens/clicks could not be recorded", queue.lost());
        if (interrupted) Thread.currentThread().interrupt();
    }

    private void handle(HttpExchange ex) {
        String path = ex.getRequestURI().getRawPath();
        boolean accepting = inFlight.enter();
        try {
            route(ex, path == null ? "" : path, accepting);
        } catch (IOException e) {
            LOG.debug("tracking: could not answer {} {}: {}", ex.getRequestMethod(), path, e.toString());
        } catch (RuntimeException e) {
            LOG.error("tracking: {} {} failed", ex.getRequestMethod(), path, e);
            try {
                if (ex.getResponseCode() == -1) Responses.page(ex, 500, Pages.unavailable());
            } catch (IOException | RuntimeException ignored) {
                // The client is gone or the answer already started: nothing more to tell it.
            }
        } finally {
            if (accepting) inFlight.exit();
            ex.close();
        }
    }

    private void route(HttpExchange ex, String path, boolean accepting) throws IOException {
        // The pixel is an image in someone's mail: it always answers with the image, even while stopping.
        if (path.startsWith("/o/")) {
            openAndClick.pixel(ex, path, accepting);
        } else if (!accepting) {
            ex.getResponseHeaders().set("Retry-After", "30");
            ex.getResponseHeaders().set("Connection", "close");
            Responses.page(ex, 503, Pages.unavailable());
        } else if (Responses.announcesTooLarge(ex)) {
            Responses.tooLarge(ex);
        } else if (path.startsWith("/c/")) {
            openAndClick.click(ex, path, true);
        } else if (path.startsWith("/u/")) {
            unsubscribe.handle(ex, path);
        } else if (path.startsWith("/f/")) {
            rating.handle(ex, path);
        } else if (path.startsWith("/p/")) {
            preferences.handle(ex, path);
        } else if (path.equals("/join") && join != null) {
            join.handle(ex);
        } else if (path.startsWith("/confirm/") && confirm != null) {
            confirm.handle(ex, path);
        } else if (path.equals("/health")) {
            health(ex);
        } else {
            Responses.page(ex, 404, Pages.notFound());
        }
    }

    private void health(HttpExchange ex) throws IOException {
        if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
            Responses.methodNotAllowed(ex, "GET, HEAD");
            return;
        }
        boolean answers;
        try {
            answers = health.databaseAnswers();
        } catch (RuntimeException e) {
            LOG.warn("tracking: health check failed: {}", e.toString());
            answers = false;
        }
        String json = answers ? "{\"status\":\"ok\",\"database\":\"ok\"}" : "{\"status\":\"unavailable\",\"database\":\"unreachable\"}";
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        Responses.send(ex, answers ? 200 : 503, Responses.JSON, json.getBytes(StandardCharsets.UTF_8));
    }
}
