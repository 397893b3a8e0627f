package rapport.club;

import java.util.List;

/**
 * A join form as posted, before any rule has looked at it: every value as sent (null when a field
 * was absent). {@code honeypot} is the field people never see and leave empty;
 * {@code invitation} the token of the invitation the page was opened from. Immutable.
 */
public record JoinForm(String email, String firstName, List<String> interests, boolean consent, String honeypot,
                       String invitation) {
    public JoinForm {
        interests = interests == null ? List.of() : List.copyOf(interests);
    }

    public JoinForm(String email, String firstName, List<String> interests, boolean consent, String honeypot) {
        this(email, firstName, interests, consent, honeypot, null);
    }
}
