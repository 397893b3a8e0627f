package rapport.selection;

/**
 * Which eligibility rule rules a piece out for a customer. A bare constant, so that planning can
 * check every piece for every customer without building anything; {@link Eligibility#reason}
 * words it, from the same piece and {@link Situation}, only when {@code preview} explains.
 */
enum Rejection {
    /** The piece's template has a lint error. */
    FAILS_LINT,
    /** The piece does not list the customer's (effective) stage. */
    STAGE,
    /** The piece names interests and the customer shares none of them. */
    INTERESTS,
    /** Today is before the piece's {@code valid_from}. */
    NOT_YET_VALID,
    /** Today is after the piece's {@code valid_until}. */
    ENDED,
    /** A {@code repeat: never} piece the customer already received. */
    SENT_ONCE,
    /** A {@code repeat: after Nd} piece whose N days since it last went to the customer have not passed. */
    RETURNS_LATER
}
