package rapport.studio;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Writing the studio's answers on an {@link HttpExchange}, and reading its one small form. Stateless. */
final class Respond {
    /**
     * The studio's own script and nothing else runs; the notes previewed in frames inherit this,
     * so their links go nowhere (a click would count as the customer's) and only images load.
     */
    private static final String PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:;"
            + " script-src 'self'; connect-src 'self'; form-action 'self'; frame-src 'none'; frame-ancestors 'none';"
            + " base-uri 'none'";
    private static final String REPORT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:;"
            + " frame-ancestors 'none'; base-uri 'none'";

    private Respond() {}

    static void page(HttpExchange ex, int status, String html) throws IOException {
        ex.getResponseHeaders().set("Content-Security-Policy", PAGE_POLICY);
        send(ex, status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }

    static void report(HttpExchange ex, String html) throws IOException {
        ex.getResponseHeaders().set("Content-Security-Policy", REPORT_POLICY);
        send(ex, 200, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }

    static void script(HttpExchange ex, byte[] js) throws IOException {
        send(ex, 200, "text/javascript; charset=utf-8", js);
    }

    static void seeOther(HttpExchange ex, String location) throws IOException {
        rapport.tracking.Responses.seeOther(ex, location);
    }

    static void notAllowed(HttpExchange ex, String allow) throws IOException {
        ex.getResponseHeaders().set("Allow", allow);
        send(ex, 405, "text/plain; charset=utf-8", "method not allowed\n".getBytes(StandardCharsets.UTF_8));
    }

    /** The form body, or empty when it is longer than {@code max} bytes. */
    static Optional<String> form(HttpExchange ex, int max) throws IOException {
        InputStream in = ex.getRequestBody();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buf = new byte[1024];
        int n;
        while ((n = in.read(buf)) != -1) {
            body.write(buf, 0, n);
            if (body.size() > max) return Optional.empty();
        }
        return Optional.of(body.toString(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
