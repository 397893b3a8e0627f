package rapport.tracking;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import rapport.club.Confirmation;
import rapport.club.Joining;
import rapport.club.PendingSignup;
import rapport.tokens.Tokens;

/**
 * {@code /confirm/<token>}: the page behind the button of a join confirmation note. A GET shows
 * the address and a "Yes, add me" button and records nothing (mail scanners follow links); the
 * POST makes the person an active customer in one transaction (see
 * {@link rapport.club.Signups#confirm}) and redirects (303) to the "You're in" page. A token that
 * does not verify, for its signup and that signup's address, changes nothing; nor does one asked
 * for more than {@code signup.confirm_within_days} ago, or already confirmed: each gets a plain
 * page saying so. Thread-safe.
 */
final class ConfirmEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(ConfirmEndpoint.class);
    private static final String DONE = "done";

    private final JoinSetup setup;
    private final Tokens tokens;
    private final Clock clock;
    private final PageSet pages;

    ConfirmEndpoint(JoinSetup setup, Tokens tokens, Clock clock, PageSet pages) {
        this.setup = setup;
        this.tokens = tokens;
        this.clock = clock;
        this.pages = pages;
    }

    void handle(HttpExchange ex, String path) throws IOException {
        String token = path.substring("/confirm/".length());
        String method = ex.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD") && !method.equals("POST")) {
            Responses.methodNotAllowed(ex, "GET, POST");
            return;
        }
        if (method.equals("POST") && PageForms.read(ex, pages).isEmpty()) return;
        Optional<PendingSignup> signup;
        try {
            signup = tokens.verify(Tokens.Purpose.CONFIRM, token, id -> setup.signups().find(id).map(PendingSignup::emailKey))
                    .flatMap(s -> setup.signups().find(s.customerId()));
        } catch (RuntimeException e) {
            unavailable(ex, e);
            return;
        }
        if (signup.isEmpty()) {
            // Forged, altered, or its signup dropped after its days ran out: which, the link cannot tell.
            Responses.page(ex, 400, pages.render("confirm-gone", Map.of("expired", false)));
        } else if (method.equals("POST")) {
            confirm(ex, token, signup.get());
        } else {
            show(ex, signup.get(), !FormBody.query(ex.getRequestURI().getRawQuery()).values(DONE).isEmpty());
        }
    }

    private void show(HttpExchange ex, PendingSignup signup, boolean done) throws IOException {
        if (signup.confirmedAt() != null) {
            Responses.page(ex, 200, pages.render(done ? "confirmed" : "confirm-done", Map.of("email", signup.email())));
        } else if (expired(signup, clock.instant())) {
            Responses.page(ex, 200, pages.render("confirm-gone", Map.of("expired", true)));
        } else {
            Responses.page(ex, 200, pages.render("confirm", Map.of("email", signup.email())));
        }
    }

    private void confirm(HttpExchange ex, String token, PendingSignup signup) throws IOException {
        Instant now = clock.instant();
        Confirmation outcome;
        try {
            outcome = setup.signups().confirm(signup.id(), now, now.minus(java.time.Duration.ofDays(setup.confirmWithinDays())),
                    setup.firstStage(), LocalDate.ofInstant(now, setup.zone()));
        } catch (RuntimeException e) {
            unavailable(ex, e);
            return;
        }
        if (outcome instanceof Confirmation.Joined joined) {
            LOG.info("join: signup {} confirmed; the address {}", signup.id(), joined.returning() ? "came back" : "joined");
            Responses.seeOther(ex, token + "?" + DONE);
        } else if (outcome instanceof Confirmation.AlreadyConfirmed already) {
            Responses.page(ex, 200, pages.render("confirm-done", Map.of("email", already.email())));
        } else if (outcome instanceof Confirmation.Refused refused) {
            Responses.page(ex, 200, pages.render("confirm-refused", Map.of("email", refused.email())));
        } else {
            Responses.page(ex, 200, pages.render("confirm-gone", Map.of("expired", true)));
        }
    }

    private boolean expired(PendingSignup signup, Instant now) {
        return Joining.deadline(signup.createdAt(), setup.confirmWithinDays()).isBefore(now);
    }

    private void unavailable(HttpExchange ex, RuntimeException e) throws IOException {
        LOG.error("join: could not read or confirm a signup: {}", e.toString());
        ex.getResponseHeaders().set("Retry-After", "60");
        Responses.page(ex, 503, pages.render("unavailable", Map.of()));
    }
}
