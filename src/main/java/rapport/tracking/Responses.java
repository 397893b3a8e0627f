package rapport.tracking;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Writing answers and reading bounded request bodies on an {@link HttpExchange}. Stateless. */
public final class Responses {
    /**
     * Request bodies larger than this are refused (413): the largest honest one is a form with a
     * comment ("what would make it more useful?"), which a person may write at some length.
     */
    static final int MAX_BODY = 64 * 1024;

    static final String HTML = "text/html; charset=utf-8";
    static final String JSON = "application/json";

    /**
     * No scripts, no frames, no resources from anywhere: the pages are plain text and one form
     * posting back to where it came from.
     */
    private static final String PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self';"
            + " frame-ancestors 'none'; base-uri 'none'";

    private Responses() {}

    /** Sends {@code body} (headers only for HEAD, with the length the GET would have). */
    static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        if ("HEAD".equals(ex.getRequestMethod())) {
            ex.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** An HTML page that no cache keeps and no frame shows. */
    static void page(HttpExchange ex, int status, String html) throws IOException {
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("Content-Security-Policy", PAGE_POLICY);
        ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        send(ex, status, HTML, html.getBytes(StandardCharsets.UTF_8));
    }

    /** A 302 without a body. */
    static void redirect(HttpExchange ex, String location) throws IOException {
        ex.getResponseHeaders().set("Location", location);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(302, -1);
    }

    /**
     * A 303 to the page that shows what a POST did, so that reloading it posts nothing again.
     * {@code location} is relative to the request, so it holds behind a proxy that serves the
     * pages under a path of its own.
     */
    public static void seeOther(HttpExchange ex, String location) throws IOException {
        ex.getResponseHeaders().set("Location", location);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(303, -1);
    }

    static void methodNotAllowed(HttpExchange ex, String allow) throws IOException {
        ex.getResponseHeaders().set("Allow", allow);
        page(ex, 405, Pages.methodNotAllowed());
    }

    /** Refuses a body over the limit; the connection is not reused, so the rest is never read. */
    static void tooLarge(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Connection", "close");
        page(ex, 413, Pages.tooLarge());
    }

    /** Whether the request announces a body over the limit (a chunked one is caught while read). */
    static boolean announcesTooLarge(HttpExchange ex) {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length == null) return false;
        try {
            return Long.parseLong(length.trim()) > MAX_BODY;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** The request body, or empty when it is longer than {@link #MAX_BODY}. */
    static Optional<byte[]> body(HttpExchange ex) throws IOException {
        if (announcesTooLarge(ex)) return Optional.empty();
        InputStream in = ex.getRequestBody();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1024];
        int n;
        while ((n = in.read(buf)) != -1) {
            out.write(buf, 0, n);
            if (out.size() > MAX_BODY) return Optional.empty();
        }
        return Optional.of(out.toByteArray());
    }
}
