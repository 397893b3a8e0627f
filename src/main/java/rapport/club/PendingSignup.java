package rapport.club;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A signup as kept until it is confirmed (or dropped): who asked, what they chose, their consent,
 * and when it was confirmed, if it was. Immutable.
 *
 * @param id the signup's number: the confirmation token speaks for it
 * @param firstName may be null
 * @param confirmedAt null while waiting
 * @param referredBy  the inviter's customer id, or null
 */
public record PendingSignup(long id, String email, String firstName, List<String> interests, Consent consent,
                            Instant confirmedAt, Long referredBy) {
    public PendingSignup {
        interests = List.copyOf(interests);
    }

    public PendingSignup(long id, String email, String firstName, List<String> interests, Consent consent, Instant confirmedAt) {
        this(id, email, firstName, interests, consent, confirmedAt, null);
    }

    /** When it was asked for: the moment the form was sent. */
    public Instant createdAt() {
        return consent.at();
    }

    public Optional<String> name() {
        return Optional.ofNullable(firstName);
    }

    public String emailKey() {
        return rapport.customer.EmailAddresses.key(email);
    }
}
