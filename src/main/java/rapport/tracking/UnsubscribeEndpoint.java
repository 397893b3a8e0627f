package rapport.tracking;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import rapport.feedback.FeedbackLog;
import rapport.feedback.MessageRef;
import rapport.feedback.Signal;
import rapport.tokens.Tokens;

/**
 * {@code /u/<token>}: the RFC 8058 one-click POST and the confirmation page. A GET only shows
 * the page (mail scanners follow links; following one must change nothing). A POST is recorded
 * synchronously, committed before the answer: someone told "you are unsubscribed" is. Valid or
 * not, a token gets the same answer, so the endpoint cannot be used to probe tokens. Thread-safe.
 */
final class UnsubscribeEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(UnsubscribeEndpoint.class);

    private final Tokens tokens;
    private final FeedbackLog log;
    private final Clock clock;
    private final String sender;

    UnsubscribeEndpoint(Tokens tokens, FeedbackLog log, Clock clock, String sender) {
        this.tokens = tokens;
        this.log = log;
        this.clock = clock;
        this.sender = sender;
    }

    void handle(HttpExchange ex, String path) throws IOException {
        String method = ex.getRequestMethod();
        if (method.equals("GET") || method.equals("HEAD")) {
            Responses.page(ex, 200, Pages.confirm(sender));
            return;
        }
        if (!method.equals("POST")) {
            Responses.methodNotAllowed(ex, "GET, POST");
            return;
        }
        Optional<byte[]> body = Responses.body(ex);
        if (body.isEmpty()) {
            Responses.tooLarge(ex);
            return;
        }
        FormBody form;
        try {
            form = FormBody.parse(ex.getRequestHeaders().getFirst("Content-Type"), body.get());
        } catch (IllegalArgumentException e) {
            LOG.debug("tracking: an unsubscribe form that cannot be read: {}", e.getMessage());
            Responses.page(ex, 400, Pages.badForm());
            return;
        }
        String token = path.substring(3);
        // The one-click field wins: a provider's request means "unsubscribe", whatever else it carries.
        if (form.has("List-Unsubscribe", "One-Click")) {
            answer(ex, token, "one-click", Pages.unsubscribed(sender));
        } else if (form.has("action", "unsubscribe")) {
            answer(ex, token, "page", Pages.unsubscribed(sender));
        } else if (form.has("action", "fewer")) {
            answer(ex, token, null, Pages.fewer(sender));
        } else {
            Responses.page(ex, 200, Pages.confirm(sender));
        }
    }

    /** Records an unsubscribe {@code via} (or, when null, a wish for fewer notes), then shows {@code done}. */
    private void answer(HttpExchange ex, String token, String via, String done) throws IOException {
        Optional<Tokens.Subject> subject = tokens.verify(Tokens.Purpose.UNSUBSCRIBE, token);
        if (subject.isEmpty()) {
            LOG.debug("tracking: an unsubscribe request with an invalid token");
        } else {
            MessageRef message = new MessageRef(subject.get().customerId(), subject.get().run());
            Signal signal = via == null
                    ? new Signal.Fewer(message, clock.instant())
                    : new Signal.Unsubscribe(message, clock.instant(), via);
            try {
                log.record(List.of(signal));
            } catch (RuntimeException e) {
                // Never say "done" for what was not recorded: the person, or their provider, tries again.
                LOG.error("tracking: could not record an unsubscribe request for customer {}: {}",
                        message.customerId(), e.toString());
                ex.getResponseHeaders().set("Retry-After", "60");
                Responses.page(ex, 503, Pages.unavailable());
                return;
            }
        }
        Responses.page(ex, 200, done);
    }
}
