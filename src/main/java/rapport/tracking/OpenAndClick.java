package rapport.tracking;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import rapport.feedback.MessageRef;
import rapport.tokens.Tokens;

/**
 * The open pixel and click redirects: each verified hit is queued for the batch writer, and the
 * answer never waits for the database. Thread-safe.
 */
final class OpenAndClick {
    private static final Logger LOG = LoggerFactory.getLogger(OpenAndClick.class);
    /** A 1x1 transparent GIF. */
    static final byte[] PIXEL = Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");
    /** Kept as they are in a Location header; anything else in a target is percent-encoded. */
    private static final String URL_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=";

    private final Tokens tokens;
    private final EventQueue queue;
    private final Clock clock;
    private final PageSet pages;

    OpenAndClick(Tokens tokens, EventQueue queue, Clock clock, PageSet pages) {
        this.pages = pages;
        this.tokens = tokens;
        this.queue = queue;
        this.clock = clock;
    }

    /**
     * {@code /o/<token>.gif}: the same GIF whatever the token, so the answer reveals nothing.
     * Only a valid open token is recorded, and only while {@code record} (not when shutting down).
     */
    void pixel(HttpExchange ex, String path, boolean record) throws IOException {
        boolean head = "HEAD".equals(ex.getRequestMethod());
        if (!head && !"GET".equals(ex.getRequestMethod())) {
            Responses.methodNotAllowed(ex, "GET, HEAD");
            return;
        }
        if (record && path.endsWith(".gif")) {
            String token = path.substring(3, path.length() - ".gif".length());
            Optional<Tokens.Subject> subject = tokens.verify(Tokens.Purpose.OPEN, token);
            if (subject.isPresent()) {
                enqueue(new EventQueue.Hit(EventQueue.Hit.Kind.OPEN, ref(subject.get()), clock.instant(), null, agent(ex), head));
            } else {
                LOG.debug("tracking: a pixel request with an invalid token");
            }
        }
        ex.getResponseHeaders().set("Cache-Control", "no-cache, no-store, must-revalidate, private");
        ex.getResponseHeaders().set("Pragma", "no-cache");
        ex.getResponseHeaders().set("Expires", "0");
        // Kept alive: image proxies fetch many pixels over one connection.
        Responses.send(ex, 200, "image/gif", PIXEL);
    }

    /**
     * {@code /c/<token>?u=<target>}: a redirect only to the very target the token was signed for,
     * and only to a web address; anything else is a 400 page, never a redirect.
     */
    void click(HttpExchange ex, String path, boolean record) throws IOException {
        boolean head = "HEAD".equals(ex.getRequestMethod());
        if (!head && !"GET".equals(ex.getRequestMethod())) {
            Responses.methodNotAllowed(ex, "GET, HEAD");
            return;
        }
        String token = path.substring(3);
        Optional<String> target = onlyParameter(ex.getRequestURI().getRawQuery(), "u");
        Optional<Tokens.Subject> subject = target.flatMap(u -> tokens.verify(Tokens.Purpose.CLICK, token, u));
        Optional<String> location = subject.isPresent() ? location(target.get()) : Optional.empty();
        if (location.isEmpty()) {
            LOG.debug("tracking: a click link that does not verify{}", subject.isPresent() ? " (not a web address)" : "");
            Responses.page(ex, 400, pages.render("damaged-link", Map.of()));
            return;
        }
        if (record) {
            enqueue(new EventQueue.Hit(EventQueue.Hit.Kind.CLICK, ref(subject.get()), clock.instant(), target.get(), agent(ex), head));
        }
        Responses.redirect(ex, location.get());
    }

    /**
     * The value of the query parameter {@code name} when it occurs exactly once: a second one
     * would leave it open which of the two the redirect obeys.
     */
    static Optional<String> onlyParameter(String rawQuery, String name) {
        if (rawQuery == null) return Optional.empty();
        String found = null;
        try {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                if (!key.equals(name)) continue;
                if (found != null) return Optional.empty();
                found = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(found);
    }

    /**
     * The target as a Location header value, if it is an absolute http(s) address. Control
     * characters rule it out (no header injection); other characters a URL may not carry as
     * they are (spaces, non-ASCII) are percent-encoded, so an ASCII-clean target stays exact.
     */
    static Optional<String> location(String target) {
        StringBuilder out = new StringBuilder(target.length() + 16);
        boolean fragment = false;
        byte[] bytes = target.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            if (b < 0x20 || b == 0x7f) return Optional.empty();
            boolean escape = b >= 0x80 || (URL_CHARS.indexOf(b) < 0 && b != '%')
                    || (b == '%' && !(i + 2 < bytes.length && hex(bytes[i + 1]) && hex(bytes[i + 2])))
                    || (b == '#' && fragment);
            if (b == '#') fragment = true;
            if (escape) out.append('%').append(String.format(Locale.ROOT, "%02X", b));
            else out.append((char) b);
        }
        try {
            URI uri = new URI(out.toString());
            String scheme = uri.getScheme();
            // The authority, not the host: java.net.URI finds no host in names it deems irregular
            // (an underscore, an encoded IDN) that browsers follow all the same.
            if (scheme == null || uri.isOpaque() || uri.getRawAuthority() == null || uri.getRawAuthority().isBlank()) return Optional.empty();
            if (!scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) return Optional.empty();
            return Optional.of(out.toString());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static boolean hex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    private void enqueue(EventQueue.Hit hit) {
        try {
            // Waits while the queue is full: a hit is never dropped for lack of room.
            if (!queue.put(hit)) LOG.debug("tracking: a hit arrived while shutting down; not recorded");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("tracking: interrupted while queuing a {}; not recorded", hit.kind().name().toLowerCase(Locale.ROOT));
        }
    }

    private static MessageRef ref(Tokens.Subject subject) {
        return new MessageRef(subject.customerId(), subject.run());
    }

    private static String agent(HttpExchange ex) {
        return ex.getRequestHeaders().getFirst("User-Agent");
    }
}
