package rapport.tracking;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import rapport.club.Admission;
import rapport.club.Consent;
import rapport.club.Inviter;
import rapport.club.JoinForm;
import rapport.club.Joining;
import rapport.club.PendingSignup;
import rapport.club.SignupRequest;
import rapport.customer.EmailAddresses;
import rapport.customer.Status;
import rapport.tokens.Tokens;

/**
 * {@code /join}: the shop's own signup page. A GET shows the form (first name, email, the
 * interests on offer, the consent sentence, one button) and records nothing. The POST
 * ({@code email}, {@code first_name}, {@code interests} repeated, {@code consent}, and {@code r}: the
 * invitation it was opened with, {@code /join?r=TOKEN}) shows the form
 * again with a plain message when the address or the consent is missing (400); otherwise it
 * always answers with the same "check your inbox" page, whatever is known of the address, and
 * {@link Joining} decides quietly whether a signup is kept and a confirmation note sent. More than
 * ten posts from one client address in ten minutes get a 429 and change nothing. Unconfirmed
 * signups past their time are dropped at each post. Opened from a customer's invitation, the page
 * says who invited them (first name only) and the signup remembers the inviter. Thread-safe.
 */
final class JoinEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(JoinEndpoint.class);
    /** The invitation's field, in the query of the link and hidden in the form. */
    static final String INVITATION = "r";

    private final JoinSetup setup;
    private final Tokens tokens;
    private final Clock clock;
    private final PageSet pages;
    private final String wording;
    private final ClientLimit limit;
    private final ClientAddress clients;
    /** One address's lookup and keeping in one step, so two quick posts of it keep one signup. */
    private final Object admitting = new Object();

    JoinEndpoint(JoinSetup setup, Tokens tokens, Clock clock, PageSet pages, String shop, ClientAddress clients) {
        this.setup = setup;
        this.tokens = tokens;
        this.clock = clock;
        this.pages = pages;
        this.wording = Consent.wording(shop);
        this.limit = ClientLimit.forJoining(clock);
        this.clients = clients;
    }

    void handle(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        if (method.equals("GET") || method.equals("HEAD")) {
            String invitation = FormBody.query(ex.getRequestURI().getRawQuery()).value(INVITATION);
            form(ex, 200, new JoinForm("", "", List.of(), false, null, invitation), null);
        } else if (method.equals("POST")) {
            if (!limit.allow(client(ex))) {
                ex.getResponseHeaders().set("Retry-After", "600");
                Responses.page(ex, 429, pages.render("join-limited", Map.of()));
                return;
            }
            Optional<FormBody> body = PageForms.read(ex, pages);
            if (body.isPresent()) join(ex, read(body.get()));
        } else {
            Responses.methodNotAllowed(ex, "GET, POST");
        }
    }

    private static JoinForm read(FormBody f) {
        String consent = f.value("consent");
        return new JoinForm(f.value("email"), f.value("first_name"), f.values("interests"), consent != null && !consent.isBlank(),
                f.value(Joining.HONEYPOT), f.value(INVITATION));
    }

    /**
     * Who the invitation the page came with names, if it is one of ours and they are still a
     * customer. A damaged or forged one just brings nobody: the person may join all the same.
     */
    private Optional<Inviter> inviter(String invitation) {
        if (invitation == null || invitation.isBlank()) return Optional.empty();
        return tokens.verify(Tokens.Purpose.INVITE, invitation.strip())
                .flatMap(subject -> setup.signups().inviter(subject.customerId()));
    }

    private void join(HttpExchange ex, JoinForm form) throws IOException {
        Instant now = clock.instant();
        Admission admission;
        try {
            setup.signups().dropUnconfirmed(now.minus(java.time.Duration.ofDays(setup.confirmWithinDays())));
            synchronized (admitting) {
                admission = admit(form, now, client(ex));
                if (admission instanceof Admission.Accepted accepted) {
                    SignupRequest request = accepted.request();
                    Optional<Inviter> inviter = inviter(form.invitation());
                    if (inviter.isPresent()) request = request.invitedBy(inviter.get());
                    PendingSignup kept = setup.signups().add(request);
                    setup.notes().send(kept);
                }
            }
        } catch (RuntimeException e) {
            LOG.error("join: could not keep a signup: {}", e.toString());
            ex.getResponseHeaders().set("Retry-After", "60");
            Responses.page(ex, 503, pages.render("unavailable", Map.of()));
            return;
        }
        if (admission instanceof Admission.Invalid invalid) {
            form(ex, 400, form, invalid.message());
            return;
        }
        if (admission instanceof Admission.Ignored ignored) LOG.debug("join: nothing sent: {}", ignored.reason());
        Map<String, Object> model = new HashMap<>();
        Joining.address(form.email()).ifPresent(e -> model.put("email", e));
        Responses.page(ex, 200, pages.render("join-sent", model));
    }

    /** The rules, given what is known of the address (looked up only for a form that may lead somewhere). */
    private Admission admit(JoinForm form, Instant now, String client) {
        Optional<Status> known = Optional.empty();
        Optional<Instant> last = Optional.empty();
        Optional<String> email = Joining.address(form.email());
        boolean robot = form.honeypot() != null && !form.honeypot().isBlank();
        if (email.isPresent() && form.consent() && !robot) {
            String key = EmailAddresses.key(email.get());
            known = setup.signups().statusOf(key);
            last = setup.signups().lastSignupAt(key);
        }
        return Joining.admit(form, setup.offered(), known, last, now, client, wording);
    }

    private void form(HttpExchange ex, int status, JoinForm form, String message) throws IOException {
        Map<String, Object> model = new HashMap<>();
        model.put("offered", setup.offered());
        model.put("chosen", Joining.chosen(setup.offered(), form.interests()));
        model.put("email", form.email() == null ? "" : form.email().strip());
        model.put("firstName", form.firstName() == null ? "" : form.firstName().strip());
        model.put("consented", form.consent());
        model.put("wording", wording);
        model.put("honeypot", Joining.HONEYPOT);
        if (message != null) model.put("message", message);
        String invitation = form.invitation() == null ? "" : form.invitation().strip();
        if (!invitation.isEmpty()) {
            model.put("invitation", invitation);
            // Left out when the invitation names nobody (damaged, forged, or its sender erased): the page says so.
            inviter(invitation).ifPresent(i -> model.put("invitedBy", i.name().orElse("")));
        }
        Responses.page(ex, status, pages.render("join", model));
    }

    /** The TCP peer, or the visitor behind a trusted proxy (see README, "Joining from the website"). */
    private String client(HttpExchange ex) {
        return clients.of(ex);
    }
}
