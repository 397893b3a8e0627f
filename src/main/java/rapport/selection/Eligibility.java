package rapport.selection;

import java.time.LocalDate;
import rapport.content.Piece;
import rapport.content.Repeat;

/**
 * The "eligible?" rules, each a small named function that returns the {@link Rejection} it
 * finds, or null when the piece passes it. They word nothing: planning asks them of every piece
 * for every customer, and {@link #reason} words a rejection only for {@code preview}. Stateless.
 */
final class Eligibility {
    private Eligibility() {}

    /** The first rule the piece breaks, or null when it is eligible. */
    static Rejection firstBroken(Piece piece, String lintFailure, Situation s) {
        Rejection broken = lintFailure == null ? null : Rejection.FAILS_LINT;
        if (broken == null) broken = stage(piece, s);
        if (broken == null) broken = interests(piece, s);
        if (broken == null) broken = window(piece, s.today());
        if (broken == null) broken = repeat(piece, s);
        return broken;
    }

    static Rejection stage(Piece piece, Situation s) {
        return piece.stages().contains(s.stage()) ? null : Rejection.STAGE;
    }

    static Rejection interests(Piece piece, Situation s) {
        return piece.interests().isEmpty() || Scoring.shared(piece, s.customer()) > 0 ? null : Rejection.INTERESTS;
    }

    /** Both ends of the window are days on which the piece may still go out. */
    static Rejection window(Piece piece, LocalDate today) {
        if (piece.validFrom() != null && today.isBefore(piece.validFrom())) return Rejection.NOT_YET_VALID;
        if (piece.validUntil() != null && today.isAfter(piece.validUntil())) return Rejection.ENDED;
        return null;
    }

    static Rejection repeat(Piece piece, Situation s) {
        LocalDate sent = s.lastSentOn(piece.id());
        if (sent == null) return null;
        if (!(piece.repeat() instanceof Repeat.After after)) return Rejection.SENT_ONCE;
        return Selector.age(sent, s.today()) >= after.days() ? null : Rejection.RETURNS_LATER;
    }

    /** The rejection in words a marketer can act on, from the data the rule looked at. */
    static String reason(Rejection rejection, Piece piece, String lintFailure, Situation s) {
        return switch (rejection) {
            case FAILS_LINT -> "fails lint: " + lintFailure;
            case STAGE -> "for " + String.join(", ", piece.stages()) + "; customer is " + s.stage();
            case INTERESTS -> "needs an interest in " + String.join(", ", piece.interests());
            case NOT_YET_VALID -> "not before " + piece.validFrom() + " (valid_from)";
            case ENDED -> "ended on " + piece.validUntil() + " (valid_until)";
            case SENT_ONCE -> "already sent on " + s.lastSentOn(piece.id()) + " (repeat: never)";
            case RETURNS_LATER -> returnsLater(piece, s);
        };
    }

    private static String returnsLater(Piece piece, Situation s) {
        LocalDate sent = s.lastSentOn(piece.id());
        Repeat.After after = (Repeat.After) piece.repeat();
        return "sent " + Cadence.ago(Selector.age(sent, s.today())) + "; returns " + after
                + " (on " + sent.plusDays(after.days()) + ")";
    }
}
