package rapport.club;

/**
 * What pressing "Yes, add me" did. Only {@link Joined} changed anything. Immutable.
 */
public sealed interface Confirmation {
    /** The person is an active customer now; {@code returning}: their address had left (unsubscribed or bounced) and came back. */
    record Joined(long customerId, String email, boolean returning) implements Confirmation {}

    /** Confirmed before: nothing more to do. */
    record AlreadyConfirmed(String email) implements Confirmation {}

    /** Asked for too long ago (or dropped since): nothing changes; the person may join again. */
    record Expired() implements Confirmation {}

    /** The address may not be added again (it complained, or was erased on request): nothing changes. */
    record Refused(String email) implements Confirmation {}
}
