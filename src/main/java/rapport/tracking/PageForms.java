package rapport.tracking;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the rating and preferences pages share: reading the posted form (413 over the limit, the
 * "unreadable form" page for what no page of ours sent) and the answer when the store did not
 * take what was pressed (503: never say "done" for what was not recorded). Stateless.
 */
final class PageForms {
    private static final Logger LOG = LoggerFactory.getLogger(PageForms.class);

    private PageForms() {}

    /** The posted form, or empty with the refusal already answered. */
    static Optional<FormBody> read(HttpExchange ex, PageSet pages) throws IOException {
        Optional<byte[]> body = Responses.body(ex);
        if (body.isEmpty()) {
            Responses.tooLarge(ex);
            return Optional.empty();
        }
        try {
            return Optional.of(FormBody.parse(ex.getRequestHeaders().getFirst("Content-Type"), body.get()));
        } catch (IllegalArgumentException e) {
            LOG.debug("tracking: a form that cannot be read: {}", e.getMessage());
            unreadable(ex, pages);
            return Optional.empty();
        }
    }

    static void unreadable(HttpExchange ex, PageSet pages) throws IOException {
        Responses.page(ex, 400, pages.render("unreadable-form", Map.of()));
    }

    static void damaged(HttpExchange ex, PageSet pages) throws IOException {
        Responses.page(ex, 400, pages.render("damaged", Map.of()));
    }

    static void unavailable(HttpExchange ex, PageSet pages, String what, long customerId, RuntimeException e) throws IOException {
        LOG.error("tracking: could not {} of customer {}: {}", what, customerId, e.toString());
        ex.getResponseHeaders().set("Retry-After", "60");
        Responses.page(ex, 503, pages.render("unavailable", Map.of()));
    }
}
