package rapport.club;

import java.util.List;

/**
 * A join form that may be kept as a pending signup: a valid address (normalised), the first name
 * when given (one line), the interests chosen among those offered, the consent, and the customer
 * whose invitation it came through, if any. Immutable.
 *
 * @param referredBy the inviter's customer id, or null
 */
public record SignupRequest(String email, String firstName, List<String> interests, Consent consent, Long referredBy) {
    public SignupRequest {
        interests = List.copyOf(interests);
    }

    public SignupRequest(String email, String firstName, List<String> interests, Consent consent) {
        this(email, firstName, interests, consent, null);
    }

    /** The same request, come through {@code inviter}'s invitation. */
    public SignupRequest invitedBy(Inviter inviter) {
        return new SignupRequest(email, firstName, interests, consent, inviter.customerId());
    }

    /** The identity key of the address, as customers are keyed. */
    public String emailKey() {
        return rapport.customer.EmailAddresses.key(email);
    }
}
