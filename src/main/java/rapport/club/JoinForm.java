package rapport.club;

import java.util.List;

/**
 * A join form as posted, before any rule has looked at it: every value as sent (null when a field
 * was absent). {@code honeypot} is the field people never see and leave empty. Immutable.
 */
public record JoinForm(String email, String firstName, List<String> interests, boolean consent, String honeypot) {
    public JoinForm {
        interests = interests == null ? List.of() : List.copyOf(interests);
    }
}
