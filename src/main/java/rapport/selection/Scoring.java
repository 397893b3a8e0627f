package rapport.selection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import rapport.content.Kind;
import rapport.content.Piece;
import rapport.customer.Customer;

/**
 * The value of a piece to one person: its {@code priority}, plus {@value #INTEREST_BONUS} for
 * each interest it shares with them (at most {@value #MAX_SHARED} counted), minus
 * {@value #SAME_KIND_PENALTY} when it is the same kind as their last note, minus
 * {@value #DECLINED_KIND_PENALTY} when they rated a piece of the same kind "not for me" (what
 * they said themselves, so it applies whether or not learning is on), plus the piece's learned
 * value ({@link LearnedValue}). Ties go to the piece id that sorts first. Stateless.
 */
final class Scoring {
    static final int INTEREST_BONUS = 10;
    static final int MAX_SHARED = 3;
    static final int SAME_KIND_PENALTY = 25;
    /**
     * Less than the same-kind penalty: one "not for me" speaks of one note, and a kind they
     * disliked once may still be the only thing that fits; but enough to let another kind win
     * over a few points of priority.
     */
    static final int DECLINED_KIND_PENALTY = 20;

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

    /** The whole score: what choosing ranks by and {@link #breakdown} words. */
    static int score(Piece piece, Customer c, boolean declinedKind, int learned) {
        int bonus = Math.min(shared(piece, c), MAX_SHARED) * INTEREST_BONUS;
        int penalty = piece.kind().label().equals(c.lastKind()) ? SAME_KIND_PENALTY : 0;
        return piece.priority() + bonus - penalty - (declinedKind ? DECLINED_KIND_PENALTY : 0) + learned;
    }

    /** Whether the customer rated a piece of this piece's kind "not for me". Allocates nothing. */
    static boolean declinesKind(Piece piece, Customer c, Map<String, Kind> kinds) {
        if (c.wishes().declinedPieces().isEmpty()) return false;
        for (String declined : c.wishes().declinedPieces()) if (kinds.get(declined) == piece.kind()) return true;
        return false;
    }

    /** The declined piece of this piece's kind that sorts first, to name in the breakdown, or null. */
    static String declinedLike(Piece piece, Customer c, Map<String, Kind> kinds) {
        String first = null;
        for (String declined : c.wishes().declinedPieces()) {
            if (kinds.get(declined) == piece.kind() && (first == null || declined.compareTo(first) < 0)) first = declined;
        }
        return first;
    }

    static String breakdown(Piece piece, Customer c, String declinedPiece, int learned) {
        StringBuilder b = new StringBuilder("score ").append(score(piece, c, declinedPiece != null, learned))
                .append(" = priority ").append(piece.priority());
        int shared = Math.min(shared(piece, c), MAX_SHARED);
        if (shared > 0) b.append(" + interests ").append(shared * INTEREST_BONUS);
        if (piece.kind().label().equals(c.lastKind())) {
            b.append(" - same kind as last note (").append(c.lastKind()).append(") ").append(SAME_KIND_PENALTY);
        }
        if (declinedPiece != null) {
            b.append(" - they said 'not for me' to a ").append(piece.kind().label()).append(" (").append(declinedPiece)
                    .append(") ").append(DECLINED_KIND_PENALTY);
        }
        if (learned != 0) b.append(learned > 0 ? " + learned " : " - learned ").append(Math.abs(learned));
        return b.toString();
    }

    /**
     * Words the reason of every eligible candidate, whose reason holds its {@link #breakdown}:
     * chosen, or lost to the winner.
     */
    static List<Candidate> explain(List<Candidate> sorted, boolean due) {
        List<Candidate> out = new ArrayList<>(sorted.size());
        Candidate winner = sorted.isEmpty() || !sorted.get(0).eligible() ? null : sorted.get(0);
        for (Candidate candidate : sorted) {
            if (!candidate.eligible()) {
                out.add(candidate);
                continue;
            }
            String reason;
            if (candidate == winner) {
                reason = (due ? "chosen: " : "would be chosen when due: ") + candidate.reason();
            } else {
                reason = "lost to " + winner.piece() + " (score " + winner.score() + "): " + candidate.reason()
                        + (candidate.score() == winner.score() ? "; tie goes to the id that sorts first" : "");
            }
            out.add(new Candidate(candidate.piece(), true, candidate.score(), candidate.learned(), candidate.evidence(),
                    reason));
        }
        return out;
    }

    /**
     * The reasons when an approved reward goes instead of the best piece: the reward first, then
     * every other piece as it fared, the eligible ones having lost to the reward.
     */
    static List<Candidate> explainReward(String reward, List<Candidate> sorted, boolean due) {
        List<Candidate> out = new ArrayList<>(sorted.size());
        String why = "an approved reward (rapport rewards): it goes whatever the cadence and the piece's stages";
        Candidate own = sorted.stream().filter(c -> c.piece().equals(reward)).findFirst()
                .orElse(new Candidate(reward, true, 0, 0, "", why));
        out.add(new Candidate(reward, true, own.score(), own.learned(), own.evidence(),
                (due ? "chosen: " : "would be chosen when due: ") + why));
        for (Candidate candidate : sorted) {
            if (candidate.piece().equals(reward)) continue;
            out.add(!candidate.eligible() ? candidate : new Candidate(candidate.piece(), true, candidate.score(),
                    candidate.learned(), candidate.evidence(), "lost to the approved reward " + reward + ": " + candidate.reason()));
        }
        return out;
    }
}
