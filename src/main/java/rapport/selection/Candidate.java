package rapport.selection;

/**
 * How one piece fared for one customer: eligible or not, its score, and the reason it won,
 * lost or was ruled out, in words a marketer can act on.
 *
 * @param learned  the learned value's term in the score (0 without evidence, or with learning off)
 * @param evidence the evidence behind {@code learned}, in words
 */
public record Candidate(String piece, boolean eligible, int score, int learned, String evidence, String reason) {}
