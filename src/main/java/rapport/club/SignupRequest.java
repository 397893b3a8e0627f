package rapport.club;

import java.util.List;

/**
 * A join form that may be kept as a pending signup: a valid address (normalised), the first name
 * when given (one line), the interests chosen among those offered, and the consent. Immutable.
 */
public record SignupRequest(String email, String firstName, List<String> interests, Consent consent) {
    public SignupRequest {
        interests = List.copyOf(interests);
    }

    /** The identity key of the address, as customers are keyed. */
    public String emailKey() {
        return rapport.customer.EmailAddresses.key(email);
    }
}
