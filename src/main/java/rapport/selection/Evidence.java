package rapport.selection;

/**
 * What people did with one piece at one stage, one verdict per note: rated it {@code useful};
 * rated it {@code not-for-me}; did not rate it but clicked a link in it or replied
 * ({@code engaged}); did not rate it and left through it ({@code left}: an unsubscribe or a
 * complaint answering that note). Immutable.
 *
 * @param stage the stage the customer was at when the note arrived
 */
public record Evidence(String piece, String stage, long useful, long notForMe, long engaged, long left) {

    /** Verdicts for the piece: a useful rating, or a person's click or reply without a rating. */
    public long forIt() {
        return useful + engaged;
    }

    /** Verdicts against it: a not-for-me rating, or leaving after it without a rating. */
    public long against() {
        return notForMe + left;
    }

    Evidence plus(Evidence other) {
        return new Evidence(piece, stage, useful + other.useful, notForMe + other.notForMe, engaged + other.engaged,
                left + other.left);
    }
}
