package rapport.feedback;

import java.time.Instant;
import java.util.Optional;
import rapport.customer.Status;

/**
 * A customer as the unsubscribe page sees them: their address ({@code null} once they are
 * forgotten), whether they may be mailed, whether they asked for fewer notes, and the unsubscribe
 * that last took them off the list, if any did. Immutable.
 */
public record Subscription(long customerId, String email, Status status, boolean fewerNotes, Optional<Unsubscribed> lastUnsubscribe) {
    /**
     * One unsubscribe on the timeline: its event, the note whose link was used ({@code run}), when,
     * and {@code via} {@code one-click}, {@code page} or {@code mailto}.
     */
    public record Unsubscribed(long eventId, String run, Instant at, String via) {}
}
