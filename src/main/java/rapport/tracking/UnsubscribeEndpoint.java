package rapport.tracking;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import rapport.feedback.FeedbackLog;
import rapport.feedback.MessageRef;
import rapport.feedback.Signal;
import rapport.feedback.Unsubscribing;
import rapport.tokens.Tokens;
import rapport.tracking.UnsubscribePages.Done;

/**
 * {@code /u/<token>}: the page behind the link at the foot of a note, and the RFC 8058 one-click
 * POST. A GET only shows where the person stands (mail scanners follow links; following one
 * must change nothing). The page's buttons POST, and each POST is committed before the answer
 * (someone told "you are unsubscribed" is), then redirected (303) to the GET that shows the
 * result. A damaged token changes nothing and the page says so, naming no one; the one-click
 * POST answers 200 whatever the token, as mail apps expect. The rules of undo are
 * {@link Unsubscribing}'s. Thread-safe.
 */
final class UnsubscribeEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(UnsubscribeEndpoint.class);

    private final Tokens tokens;
    private final FeedbackLog log;
    private final Unsubscribing unsubscribing;
    private final UnsubscribePages pages;
    private final Clock clock;

    UnsubscribeEndpoint(Tokens tokens, FeedbackLog log, Clock clock, PageSet pageSet) {
        this.tokens = tokens;
        this.log = log;
        this.unsubscribing = new Unsubscribing(log, clock);
        this.pages = new UnsubscribePages(pageSet, clock);
        this.clock = clock;
    }

    void handle(HttpExchange ex, String path) throws IOException {
        String token = path.substring(3);
        Optional<MessageRef> link = tokens.verify(Tokens.Purpose.UNSUBSCRIBE, token)
                .map(s -> new MessageRef(s.customerId(), s.run()));
        String method = ex.getRequestMethod();
        if (method.equals("GET") || method.equals("HEAD")) {
            if (link.isEmpty()) Responses.page(ex, 400, pages.damaged());
            else show(ex, link.get(), done(ex.getRequestURI().getRawQuery()));
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
            Responses.page(ex, 400, pages.unreadableForm());
            return;
        }
        // The one-click field wins: a provider's request means "unsubscribe", whatever else it carries.
        boolean oneClick = form.has("List-Unsubscribe", "One-Click");
        if (link.isEmpty()) {
            LOG.debug("tracking: an unsubscribe request with an invalid token");
            Responses.page(ex, oneClick ? 200 : 400, pages.damaged());
        } else if (oneClick) {
            if (record(ex, new Signal.Unsubscribe(link.get(), clock.instant(), "one-click"))) show(ex, link.get(), Done.NONE);
        } else if (form.has("action", "unsubscribe")) {
            if (record(ex, new Signal.Unsubscribe(link.get(), clock.instant(), "page"))) Responses.seeOther(ex, token);
        } else if (form.has("action", "fewer")) {
            if (record(ex, new Signal.Fewer(link.get(), clock.instant()))) Responses.seeOther(ex, token + "?done=fewer");
        } else if (form.has("action", "undo")) {
            undo(ex, token, link.get());
        } else {
            Responses.seeOther(ex, token);
        }
    }

    /** The page for where the person stands now. */
    private void show(HttpExchange ex, MessageRef link, Done done) throws IOException {
        Optional<Unsubscribing.Standing> standing = fromStore(ex, link, () -> unsubscribing.standing(link));
        // Relative, as the redirects are: it holds behind a proxy that serves the pages under a path of its own.
        String preferences = "../p/" + tokens.sign(Tokens.Purpose.PREFERENCES, link.customerId(), link.run());
        if (standing.isPresent()) Responses.page(ex, 200, pages.standing(standing.get(), done, preferences));
    }

    private void undo(HttpExchange ex, String token, MessageRef link) throws IOException {
        Optional<Unsubscribing.Undo> outcome = fromStore(ex, link, () -> unsubscribing.undo(link));
        if (outcome.isEmpty()) return;
        boolean receiving = outcome.get() instanceof Unsubscribing.Undo.Restored
                || outcome.get() instanceof Unsubscribing.Undo.AlreadyReceiving;
        // Refused: the page behind the link explains why and how to come back.
        Responses.seeOther(ex, receiving ? token + "?done=kept" : token);
    }

    /** Records {@code signal}; false, with a 503 sent, when the store did not take it. */
    private boolean record(HttpExchange ex, Signal signal) throws IOException {
        return fromStore(ex, signal.message(), () -> {
            log.record(List.of(signal));
            return true;
        }).isPresent();
    }

    /** What the store answers, or empty with a 503 sent when it did not answer. */
    private <T> Optional<T> fromStore(HttpExchange ex, MessageRef link, Supplier<T> work) throws IOException {
        try {
            return Optional.of(work.get());
        } catch (RuntimeException e) {
            unavailable(ex, link, e);
            return Optional.empty();
        }
    }

    /** Never say "done" for what was not recorded: the person, or their provider, tries again. */
    private void unavailable(HttpExchange ex, MessageRef link, RuntimeException e) throws IOException {
        LOG.error("tracking: could not answer an unsubscribe link of customer {}: {}", link.customerId(), e.toString());
        ex.getResponseHeaders().set("Retry-After", "60");
        Responses.page(ex, 503, pages.unavailable());
    }

    private static Done done(String query) {
        if (query == null) return Done.NONE;
        for (String pair : query.split("&")) {
            if (pair.equals("done=kept")) return Done.KEPT;
            if (pair.equals("done=fewer")) return Done.FEWER;
        }
        return Done.NONE;
    }
}
