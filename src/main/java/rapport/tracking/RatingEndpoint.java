package rapport.tracking;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import rapport.customer.Status;
import rapport.feedback.FeedbackLog;
import rapport.feedback.MessageRef;
import rapport.feedback.Rating;
import rapport.feedback.Subscription;
import rapport.tokens.Tokens;

/**
 * {@code /f/<token>}: the page behind "Was this useful? Yes · Not for me". A GET shows the note's
 * subject with the answer chosen and records nothing (mail scanners follow links); the POST
 * ({@code v}, {@code comment}) records the rating, committed before the answer (through the
 * {@link GroupCommit}, which shares transactions under load), then redirects (303) to a thank-you
 * page. What a rating means is {@link Rating}'s. A damaged token, or one made for another
 * purpose, changes nothing and the page says so; a forgotten customer, or one who complained, is
 * never recorded and the page says it cannot be. Thread-safe.
 */
final class RatingEndpoint {
    private static final String THANKS = "thanks";

    private final Tokens tokens;
    private final FeedbackLog log;
    private final GroupCommit writer;
    private final Clock clock;
    private final PageSet pages;

    RatingEndpoint(Tokens tokens, FeedbackLog log, GroupCommit writer, Clock clock, PageSet pages) {
        this.tokens = tokens;
        this.log = log;
        this.writer = writer;
        this.clock = clock;
        this.pages = pages;
    }

    void handle(HttpExchange ex, String path) throws IOException {
        String token = path.substring(3);
        Optional<MessageRef> link = tokens.verify(Tokens.Purpose.FEEDBACK, token).map(s -> new MessageRef(s.customerId(), s.run()));
        String method = ex.getRequestMethod();
        if (method.equals("GET") || method.equals("HEAD")) {
            if (link.isEmpty()) PageForms.damaged(ex, pages);
            else show(ex, link.get(), FormBody.query(ex.getRequestURI().getRawQuery()));
        } else if (method.equals("POST")) {
            Optional<FormBody> form = PageForms.read(ex, pages);
            if (form.isEmpty()) return;
            if (link.isEmpty()) {
                PageForms.damaged(ex, pages);
                return;
            }
            Optional<Rating.Verdict> verdict = Rating.Verdict.of(form.get().value("v"));
            if (verdict.isEmpty()) {
                PageForms.unreadable(ex, pages);
                return;
            }
            try {
                writer.record(Rating.of(link.get(), clock.instant(), verdict.get(), form.get().value("comment")));
            } catch (IllegalStateException e) {
                PageForms.unavailable(ex, pages, "record a rating", link.get().customerId(), e);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                PageForms.unavailable(ex, pages, "record a rating", link.get().customerId(), new IllegalStateException(e));
                return;
            }
            Responses.seeOther(ex, token + "?" + THANKS);
        } else {
            Responses.methodNotAllowed(ex, "GET, POST");
        }
    }

    private void show(HttpExchange ex, MessageRef link, FormBody query) throws IOException {
        Optional<Subscription> who;
        Optional<String> subject;
        try {
            who = log.subscription(link.customerId());
            subject = query.values(THANKS).isEmpty() ? log.subject(link) : Optional.empty();
        } catch (RuntimeException e) {
            PageForms.unavailable(ex, pages, "show a rating page", link.customerId(), e);
            return;
        }
        Status status = who.map(Subscription::status).orElse(Status.FORGOTTEN);
        if (status == Status.FORGOTTEN || status == Status.COMPLAINED) {
            Responses.page(ex, 200, pages.render("not-recorded", Map.of()));
        } else if (!query.values(THANKS).isEmpty()) {
            String preferences = "../p/" + tokens.sign(Tokens.Purpose.PREFERENCES, link.customerId(), link.run());
            Responses.page(ex, 200, pages.render("rated", Map.of("preferences", preferences)));
        } else {
            Map<String, Object> model = new HashMap<>();
            model.put("verdict", Rating.Verdict.of(query.value("v")).map(Rating.Verdict::label).orElse(""));
            subject.ifPresent(s -> model.put("subject", s));
            Responses.page(ex, 200, pages.render("rating", model));
        }
    }
}
