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
 */
public record PendingSignup(long id, String email, String firstName, List<String> interests, Consent consent,
                            Instant confirmedAt) {
    public PendingSignup {
        interests = List.copyOf(interests);
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
