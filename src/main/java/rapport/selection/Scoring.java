package rapport.selection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import rapport.content.Piece;
import rapport.customer.Customer;

/**
 * The value of a piece to one person: its {@code priority}, plus {@value #INTEREST_BONUS} for
 * each interest it shares with them (at most {@value #MAX_SHARED} counted), minus
 * {@value #SAME_KIND_PENALTY} when it is the same kind as their last note. Ties go to the piece
 * id that sorts first. Stateless.
 */
final class Scoring {
    static final int INTEREST_BONUS = 10;
    static final int MAX_SHARED = 3;
    static final int SAME_KIND_PENALTY = 25;

    /** Candidates best first: the eligible in {@link #rank} order, then the ruled out by piece id. */
    static final Comparator<Candidate> BEST_FIRST = Comparator.comparing(Candidate::eligible).reversed()
            .thenComparing((a, b) -> rank(a.score(), a.piece(), b.score(), b.piece()));

    private Scoring() {}

    /**
     * The one order of pieces, for choosing and for listing: the higher score first, a tie to the
     * id that sorts first. Negative when the first piece ranks before the other.
     */
    static int rank(int score, String id, int otherScore, String otherId) {
        return score != otherScore ? Integer.compare(otherScore, score) : id.compareTo(otherId);
    }

    static int shared(Piece piece, Customer c) {
        int n = 0;
        for (String interest : piece.interests()) if (c.interests().contains(interest)) n++;
        return n;
    }

    static int score(Piece piece, Customer c) {
        int bonus = Math.min(shared(piece, c), MAX_SHARED) * INTEREST_BONUS;
        int penalty = piece.kind().label().equals(c.lastKind()) ? SAME_KIND_PENALTY : 0;
        return piece.priority() + bonus - penalty;
    }

    static String breakdown(Piece piece, Customer c) {
        StringBuilder b = new StringBuilder("score ").append(score(piece, c))
                .append(" = priority ").append(piece.priority());
        int shared = Math.min(shared(piece, c), MAX_SHARED);
        if (shared > 0) b.append(" + interests ").append(shared * INTEREST_BONUS);
        if (piece.kind().label().equals(c.lastKind())) {
            b.append(" - same kind as last note (").append(c.lastKind()).append(") ").append(SAME_KIND_PENALTY);
        }
        return b.toString();
    }

    /** Fills in the reason of every eligible candidate: chosen, or lost to the winner. */
    static List<Candidate> explain(List<Candidate> sorted, List<Piece> pieces, Customer c, boolean due) {
        Map<String, Piece> byId = pieces.stream().collect(Collectors.toMap(Piece::id, Function.identity()));
        List<Candidate> out = new ArrayList<>(sorted.size());
        Candidate winner = sorted.isEmpty() || !sorted.get(0).eligible() ? null : sorted.get(0);
        for (Candidate candidate : sorted) {
            if (!candidate.eligible()) {
                out.add(candidate);
                continue;
            }
            String breakdown = breakdown(byId.get(candidate.piece()), c);
            String reason;
            if (candidate == winner) {
                reason = (due ? "chosen: " : "would be chosen when due: ") + breakdown;
            } else {
                reason = "lost to " + winner.piece() + " (score " + winner.score() + "): " + breakdown
                        + (candidate.score() == winner.score() ? "; tie goes to the id that sorts first" : "");
            }
            out.add(new Candidate(candidate.piece(), true, candidate.score(), reason));
        }
        return out;
    }
}
