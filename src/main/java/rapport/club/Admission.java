package rapport.club;

/**
 * What a posted join form leads to. Only {@link Invalid} is shown to the person as such; every
 * other outcome answers with the same "check your inbox" page, so the answer never tells whether
 * an address is known. Immutable.
 */
public sealed interface Admission {
    /** The form cannot be used as it is (no valid address, no consent): the form again, with this message. */
    record Invalid(String message) implements Admission {}

    /** Nothing is recorded and nothing sent, for this reason (for the log, never the page). */
    record Ignored(String reason) implements Admission {}

    /** Kept as a pending signup, and a confirmation note goes to the address. */
    record Accepted(SignupRequest request) implements Admission {}
}
