package rapport.feedback;

import java.time.Instant;
import java.util.Optional;

/**
 * Where a customer stands on receiving notes, as the pages behind a note's links need to know it,
 * and the one way back onto the list those pages offer. The store implements it at the edge;
 * implementations are thread-safe. The rules about when a way back is open live in
 * {@link Unsubscribing}, not here.
 */
public interface Subscriptions {
    /** The customer's address, status and the unsubscribe that last took them off the list; empty when there is no such customer. */
    Optional<Subscription> subscription(long customerId);

    /**
     * Makes the customer of {@code was} active again, and records {@code detail} on their timeline
     * against {@code message}, both in one transaction, but only while they are still unsubscribed
     * by the very unsubscribe {@code was} names: a complaint, a bounce, a forgetting or a later
     * unsubscribe in between leaves them as they are. True when it restored them.
     */
    boolean restore(Subscription was, MessageRef message, Instant at, String detail);

    /** The customer as the preferences page shows them; empty when there is no such customer. */
    default Optional<Preferences.Standing> preferences(long customerId) {
        throw new UnsupportedOperationException("these subscriptions do not read preferences");
    }

    /** The subject the note went out with; empty when the ledger holds no such note or no subject for it. */
    default Optional<String> subject(MessageRef note) {
        throw new UnsupportedOperationException("these subscriptions do not read subjects");
    }
}
