package rapport.club;

import java.util.Optional;

/**
 * The customer whose personal invitation a person followed to the join page. The page names
 * them by first name only, so an invitation never tells a stranger more than the inviter chose
 * to share by passing it on. Immutable.
 *
 * @param firstName null when the shop does not know it
 */
public record Inviter(long customerId, String firstName) {
    public Optional<String> name() {
        return Optional.ofNullable(firstName).filter(n -> !n.isBlank());
    }
}
