package rapport.tracking;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import rapport.customer.Status;
import rapport.feedback.FeedbackLog;
import rapport.feedback.MessageRef;
import rapport.feedback.Preferences;
import rapport.feedback.Preferences.Frequency;
import rapport.feedback.Unsubscribing;
import rapport.tokens.Tokens;

/**
 * {@code /p/<token>}: the customer's preferences page, reached from any note. A GET shows their
 * interests and how often they hear from us, and records nothing; the POST ({@code interests},
 * repeated, and {@code frequency}) saves them in one transaction with a {@code preference} event
 * saying what changed, then redirects (303) to the page again. Someone no notes go to is told so
 * (with the way back when their own unsubscribe may still be undone), and their POST changes
 * nothing. What saving means is {@link Preferences}'. Thread-safe.
 */
final class PreferencesEndpoint {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM uuuu", Locale.ENGLISH);
    private static final Map<Frequency, String> WORDS = Map.of(Frequency.USUAL, "As usual", Frequency.FEWER, "Fewer notes",
            Frequency.PAUSE_4W, "Pause for 4 weeks", Frequency.PAUSE_8W, "Pause for 8 weeks", Frequency.PAUSE_12W, "Pause for 12 weeks");

    private final Tokens tokens;
    private final FeedbackLog log;
    private final Clock clock;
    private final PageSet pages;
    private final List<String> interests;

    /** {@code interests}: what the page offers everyone (the shop's list, or the catalog's). */
    PreferencesEndpoint(Tokens tokens, FeedbackLog log, Clock clock, PageSet pages, List<String> interests) {
        this.tokens = tokens;
        this.log = log;
        this.clock = clock;
        this.pages = pages;
        this.interests = List.copyOf(interests);
    }

    void handle(HttpExchange ex, String path) throws IOException {
        String token = path.substring(3);
        Optional<MessageRef> link = tokens.verify(Tokens.Purpose.PREFERENCES, token).map(s -> new MessageRef(s.customerId(), s.run()));
        String method = ex.getRequestMethod();
        if (method.equals("GET") || method.equals("HEAD")) {
            if (link.isEmpty()) PageForms.damaged(ex, pages);
            else show(ex, link.get(), !FormBody.query(ex.getRequestURI().getRawQuery()).values("saved").isEmpty());
        } else if (method.equals("POST")) {
            Optional<FormBody> form = PageForms.read(ex, pages);
            if (form.isEmpty()) return;
            if (link.isEmpty()) PageForms.damaged(ex, pages);
            else save(ex, token, link.get(), form.get());
        } else {
            Responses.methodNotAllowed(ex, "GET, POST");
        }
    }

    private void save(HttpExchange ex, String token, MessageRef link, FormBody form) throws IOException {
        String asked = form.value("frequency");
        Optional<Frequency> frequency = Frequency.of(asked);
        if (asked != null && !asked.isBlank() && frequency.isEmpty()) {
            PageForms.unreadable(ex, pages);
            return;
        }
        try {
            Optional<Preferences.Standing> now = log.preferences(link.customerId());
            // Someone no notes go to: nothing is saved, and the page explains why.
            if (now.isEmpty() || now.get().status() != Status.ACTIVE) {
                Responses.seeOther(ex, token);
                return;
            }
            List<String> picked = Preferences.accepted(offered(now.get()), form.values("interests"));
            log.record(List.of(Preferences.of(link, clock.instant(), picked, frequency.orElse(null))));
        } catch (RuntimeException e) {
            PageForms.unavailable(ex, pages, "save preferences", link.customerId(), e);
            return;
        }
        Responses.seeOther(ex, token + "?saved");
    }

    private void show(HttpExchange ex, MessageRef link, boolean saved) throws IOException {
        Optional<Preferences.Standing> found;
        Unsubscribing.Standing unsubscribe;
        try {
            found = log.preferences(link.customerId());
            unsubscribe = Unsubscribing.standing(log.subscription(link.customerId()), link, clock.instant());
        } catch (RuntimeException e) {
            PageForms.unavailable(ex, pages, "show the preferences", link.customerId(), e);
            return;
        }
        String way = "../u/" + tokens.sign(Tokens.Purpose.UNSUBSCRIBE, link.customerId(), link.run());
        if (found.isEmpty() || found.get().status() != Status.ACTIVE || found.get().email() == null) {
            Map<String, Object> model = new HashMap<>();
            found.map(Preferences.Standing::email).ifPresent(e -> model.put("email", e));
            if (unsubscribe instanceof Unsubscribing.Standing.Undoable) model.put("undo", way);
            Responses.page(ex, 200, pages.render("preferences-closed", model));
            return;
        }
        Preferences.Standing s = found.get();
        List<Map<String, String>> frequencies = new ArrayList<>();
        for (Frequency f : Frequency.values()) frequencies.add(Map.of("value", f.label(), "label", WORDS.get(f)));
        Map<String, Object> model = new HashMap<>(Map.of("email", s.email(), "offered", offered(s), "chosen", s.interests(),
                "frequencies", frequencies, "frequency", s.frequencyAt(clock.instant()).map(Frequency::label).orElse(""),
                "unsubscribe", way, "saved", saved));
        if (s.pausedAt(clock.instant())) model.put("pausedUntil", DAY.format(LocalDate.ofInstant(s.pausedUntil(), clock.getZone())));
        Responses.page(ex, 200, pages.render("preferences", model));
    }

    private List<String> offered(Preferences.Standing s) {
        return Preferences.offered(interests, List.of(), s.interests());
    }
}
