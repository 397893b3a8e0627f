package rapport.selection;

/**
 * How one piece fared for one customer: eligible or not, its score, and the reason it won,
 * lost or was ruled out, in words a marketer can act on.
 */
public record Candidate(String piece, boolean eligible, int score, String reason) {}
