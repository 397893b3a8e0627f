package rapport.studio;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * {@code rapport studio}, the marketer's desk: a small web server on a loopback address that
 * shows the catalog with its lint, any customer's next note with the decision behind it, any
 * piece rendered for them, the report, and sends a test copy to the marketer. Every request
 * needs the key printed at start ({@link Access}); pages reload themselves when a template is
 * saved ({@link LiveReload}). It reads through a {@link Desk} and writes nothing.
 *
 * <p>The JDK's HTTP server is enough for one person's browser on the same machine; it also
 * streams, which the live reload needs. Thread-safe; {@link #close} stops it.
 */
public final class Studio implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Studio.class);
    /** Threads that answer: room for every live-reload stream and a few pages beside them. */
    private static final int THREADS = LiveReload.MAX_STREAMS + 4;
    private static final int MAX_FORM = 16 * 1024;

    private final HttpServer server;
    private final ExecutorService threads;
    private final LiveReload reload;
    private final Access access;
    private final Desk desk;

    private Studio(HttpServer server, ExecutorService threads, LiveReload reload, Access access, Desk desk) {
        this.server = server;
        this.threads = threads;
        this.reload = reload;
        this.access = access;
        this.desk = desk;
    }

    /**
     * Starts listening on {@code host:port} (0: any free port); {@code host} must be a loopback
     * address: the studio shows customers' data and is never meant to be reached from elsewhere.
     */
    public static Studio start(String host, int port, Desk desk, Path templates, ZoneId zone) {
        InetSocketAddress address = new InetSocketAddress(host, port);
        InetAddress ip = address.getAddress();
        if (ip == null || !ip.isLoopbackAddress()) {
            throw new IllegalArgumentException("the studio listens on a loopback address only, not " + host);
        }
        HttpServer server;
        try {
            server = HttpServer.create(address, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        ExecutorService threads = Executors.newFixedThreadPool(THREADS, task -> {
            Thread t = new Thread(task, "rapport-studio");
            t.setDaemon(true);
            return t;
        });
        LiveReload reload = new LiveReload(templates, Duration.ofSeconds(15));
        Access access = Access.fresh(server.getAddress().getPort());
        Studio studio = new Studio(server, threads, reload, access, desk);
        Views views = new Views(desk, new StudioPages(desk.shop(), zone), access);
        desk.whenCounted(reload::poke);
        server.createContext("/", ex -> studio.answer(ex, views));
        server.setExecutor(threads);
        server.start();
        return studio;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The address to open, with the key. */
    public String url() {
        InetAddress ip = server.getAddress().getAddress();
        String host = ip instanceof java.net.Inet6Address ? "[" + ip.getHostAddress() + "]" : ip.getHostAddress();
        return "http://" + host + ":" + port() + "/?key=" + access.key();
    }

    private void answer(HttpExchange ex, Views views) {
        try (ex) {
            if (!access.allows(ex)) {
                Respond.page(ex, 403, views.forbidden());
                return;
            }
            String query = ex.getRequestURI().getRawQuery();
            if (Access.keyInQuery(query).isPresent()) {
                // Kept in a cookie from now on, and out of the address bar and the history.
                ex.getResponseHeaders().add("Set-Cookie", access.setCookie());
                Respond.seeOther(ex, ex.getRequestURI().getRawPath() + withoutKey(query));
                return;
            }
            route(ex, views, query);
        } catch (IOException e) {
            // The browser left before the answer was written: nothing to tell anyone.
        } catch (RuntimeException e) {
            // A fault (the database gone, a page that cannot be drawn): said on the page and in the log.
            LOG.warn("studio: {} {}: {}", ex.getRequestMethod(), ex.getRequestURI().getRawPath(), e.getMessage(), e);
            try {
                Respond.page(ex, 500, views.problem("Something went wrong: " + e.getMessage()));
            } catch (IOException | RuntimeException alsoFailed) {
                // Headers already sent, or the browser gone: the log has it.
            }
        }
    }

    private void route(HttpExchange ex, Views views, String query) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        boolean get = ex.getRequestMethod().equals("GET") || ex.getRequestMethod().equals("HEAD");
        if (path.equals("/send-test")) {
            if (!ex.getRequestMethod().equals("POST")) {
                Respond.notAllowed(ex, "POST");
                return;
            }
            Optional<String> form = Respond.form(ex, MAX_FORM);
            if (form.isEmpty()) {
                Respond.page(ex, 413, views.problem("That form was too large."));
                return;
            }
            Views.Answer sent = views.sendTest(form.get(), reload.stamp());
            if (sent.status() == 303) Respond.seeOther(ex, sent.body());
            else Respond.page(ex, sent.status(), sent.body());
            return;
        }
        if (!get) {
            Respond.notAllowed(ex, "GET, HEAD");
            return;
        }
        long stamp = reload.stamp();
        switch (path) {
            case "/" -> Respond.page(ex, 200, views.catalog(stamp, reload.counted()));
            case "/customers" -> Respond.page(ex, 200, views.search(Access.param(query, "q").orElse(""), stamp));
            case "/customer" -> {
                Views.Answer page = views.customer(Access.param(query, "email").orElse(""),
                        Access.param(query, "piece").filter(p -> !p.isEmpty()), Access.param(query, "sent"), stamp);
                Respond.page(ex, page.status(), page.body());
            }
            case "/report" -> Respond.report(ex, views.report());
            case "/events" -> reload.stream(ex);
            case "/live.js" -> Respond.script(ex, script());
            default -> Respond.page(ex, 404, views.problem("There is no such page in the studio."));
        }
    }

    private static byte[] script() throws IOException {
        try (InputStream in = Studio.class.getResourceAsStream("/rapport/studio/live.js")) {
            if (in == null) throw new IllegalStateException("rapport/studio/live.js is missing from the product");
            return in.readAllBytes();
        }
    }

    private static String withoutKey(String query) {
        StringBuilder rest = new StringBuilder();
        for (String pair : query.split("&")) {
            if (pair.startsWith("key=") || pair.isEmpty()) continue;
            rest.append(rest.length() == 0 ? "?" : "&").append(pair);
        }
        return rest.toString();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Stops listening, ends every live-reload stream and the desk's count. */
    @Override
    public void close() {
        reload.close();
        server.stop(0);
        desk.stop();
        threads.shutdownNow();
        try {
            threads.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
