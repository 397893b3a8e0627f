package rapport.feedback;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import rapport.customer.Status;

/**
 * What the link at the foot of a note may show and undo. A person who pressed "No more notes"
 * (or their mail app's one-click unsubscribe) may take it back with the same link for
 * {@link #UNDO_WINDOW}, measured on the server's clock from the moment it was recorded. Undo puts
 * back only what that very link did: never a customer who bounced, complained, was forgotten,
 * unsubscribed by mail or through the link of another note, and never after the window, when
 * the way back is to write to the shop. Thread-safe.
 */
public final class Unsubscribing {
    /** How long "Undo — keep my notes" works after an unsubscribe: long enough for second thoughts, short enough that a stale link does not resubscribe anyone. */
    public static final Duration UNDO_WINDOW = Duration.ofDays(7);

    /** The ways of unsubscribing that go through the link itself; a {@code mailto} one did not. */
    private static final Set<String> THROUGH_THE_LINK = Set.of("page", "one-click");

    /** Where the customer behind a valid link stands: what the page shows them. */
    public sealed interface Standing {
        /** Notes go to {@code email}; {@code fewerNotes} when they asked to hear less often. */
        record Receiving(String email, boolean fewerNotes) implements Standing {}

        /** This link unsubscribed {@code email}, and may undo it until {@code until}. */
        record Undoable(String email, Instant until) implements Standing {}

        /**
         * No notes go to {@code email} ({@code null} when the person was forgotten or never
         * existed); {@code undoExpired} when this link unsubscribed them but the window has passed.
         */
        record NotMailed(String email, boolean undoExpired) implements Standing {}
    }

    /** What pressing "Undo" did. */
    public sealed interface Undo {
        /** The customer is active again, and it is on their timeline. */
        record Restored(String email) implements Undo {}

        /** Nothing to undo: notes already go to them (a second press, say). */
        record AlreadyReceiving() implements Undo {}

        /** Not this link's to undo, or too late; {@code now} says where they stand. */
        record Refused(Standing now) implements Undo {}
    }

    private final Subscriptions subscriptions;
    private final Clock clock;

    public Unsubscribing(Subscriptions subscriptions, Clock clock) {
        this.subscriptions = subscriptions;
        this.clock = clock;
    }

    /** Where the customer of the note {@code link} came in stands now. */
    public Standing standing(MessageRef link) {
        return standing(subscriptions.subscription(link.customerId()), link, clock.instant());
    }

    /** Undoes the unsubscribe {@code link} made, when the rules allow it. */
    public Undo undo(MessageRef link) {
        Instant now = clock.instant();
        Optional<Subscription> found = subscriptions.subscription(link.customerId());
        Standing standing = standing(found, link, now);
        if (standing instanceof Standing.Receiving) return new Undo.AlreadyReceiving();
        if (!(standing instanceof Standing.Undoable undoable)) return new Undo.Refused(standing);
        String detail = "unsubscribe undone within " + UNDO_WINDOW.toDays() + " days: notes resume";
        if (subscriptions.restore(found.orElseThrow(), link, now, detail)) return new Undo.Restored(undoable.email());
        // Something else changed them between the look and the update (a complaint, say): show that.
        return new Undo.Refused(standing(subscriptions.subscription(link.customerId()), link, now));
    }

    /** Where {@code subscription} stands for a page opened from the note {@code link} at {@code now}. */
    public static Standing standing(Optional<Subscription> subscription, MessageRef link, Instant now) {
        if (subscription.isEmpty() || subscription.get().status() == Status.FORGOTTEN || subscription.get().email() == null) {
            return new Standing.NotMailed(null, false);
        }
        Subscription s = subscription.get();
        if (s.status() == Status.ACTIVE) return new Standing.Receiving(s.email(), s.fewerNotes());
        if (s.status() != Status.UNSUBSCRIBED) return new Standing.NotMailed(s.email(), false);
        Optional<Subscription.Unsubscribed> last = s.lastUnsubscribe()
                .filter(u -> u.run().equals(link.run()) && THROUGH_THE_LINK.contains(u.via()));
        if (last.isEmpty()) return new Standing.NotMailed(s.email(), false);
        Instant until = last.get().at().plus(UNDO_WINDOW);
        return now.isBefore(until) ? new Standing.Undoable(s.email(), until) : new Standing.NotMailed(s.email(), true);
    }
}
