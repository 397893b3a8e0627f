package rapport.tracking;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import rapport.feedback.Unsubscribing;
import rapport.feedback.Unsubscribing.Standing;

/**
 * Which page the unsubscribe link shows, and what it says: the choice, the undo, the outcome or
 * why nothing can be done here. A page claims only what the store says now: the hint in a
 * redirect ({@code done}) picks the friendlier wording only when it is true. Thread-safe.
 */
final class UnsubscribePages {
    /** What the page after a POST may say, when the standing bears it out. */
    enum Done { NONE, KEPT, FEWER }

    private final PageSet pages;
    private final Clock clock;

    UnsubscribePages(PageSet pages, Clock clock) {
        this.pages = pages;
        this.clock = clock;
    }

    /** The page for {@code standing}; {@code preferences} is the (relative) link to the customer's preferences page. */
    String standing(Standing standing, Done done, String preferences) {
        if (standing instanceof Standing.Receiving r) {
            if (done == Done.KEPT) return pages.render("kept", Map.of("email", r.email()));
            if (done == Done.FEWER && r.fewerNotes()) return pages.render("fewer", Map.of("email", r.email()));
            return pages.render("unsubscribe", Map.of("email", r.email(), "fewerNotes", r.fewerNotes(), "preferences", preferences));
        }
        if (standing instanceof Standing.Undoable u) {
            return pages.render("unsubscribed", Map.of("email", u.email(), "left", timeLeft(Duration.between(clock.instant(), u.until()))));
        }
        Standing.NotMailed n = (Standing.NotMailed) standing;
        Map<String, Object> model = new HashMap<>(Map.of("undoExpired", n.undoExpired(),
                "windowDays", Unsubscribing.UNDO_WINDOW.toDays()));
        if (n.email() != null) model.put("email", n.email());
        return pages.render("not-mailed", model);
    }

    /**
     * How long undo still works, rounded down so it never promises too much, and without a
     * clock time: the server's clock runs in UTC, and the reader lives in the shop's time zone.
     */
    static String timeLeft(Duration left) {
        // A no-break space keeps "7 days" on one line.
        if (left.toDays() >= 2) return left.toDays() + "\u00a0days";
        if (left.toHours() >= 2) return left.toHours() + "\u00a0hours";
        long minutes = Math.max(1, left.toMinutes());
        return minutes == 1 ? "minute" : minutes + "\u00a0minutes";
    }

    String damaged() {
        return pages.render("damaged", Map.of());
    }

    String unavailable() {
        return pages.render("unavailable", Map.of());
    }

    String unreadableForm() {
        return pages.render("unreadable-form", Map.of());
    }
}
