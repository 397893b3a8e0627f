package rapport.selection;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Function;
import rapport.content.Piece;
import rapport.content.Repeat;
import rapport.customer.Customer;
import rapport.customer.SendHistory;

/** The "eligible?" rules: each returns the reason a piece is ruled out, or nothing. Stateless. */
final class Eligibility {
    private Eligibility() {}

    static Optional<String> check(Piece piece, Customer c, String stage, SendHistory history, LocalDate today,
                                  String lintFailure, Function<Instant, LocalDate> day) {
        if (lintFailure != null) return Optional.of("fails lint: " + lintFailure);
        return stage(piece, stage)
                .or(() -> interests(piece, c))
                .or(() -> window(piece, today))
                .or(() -> repeat(piece, history, today, day));
    }

    /** The same rules as {@link #check}, without wording a reason: planning asks this of every piece for every customer. */
    static boolean allows(Piece piece, Customer c, String stage, SendHistory history, LocalDate today,
                          String lintFailure, Function<Instant, LocalDate> day) {
        return lintFailure == null && piece.stages().contains(stage) && sharesInterest(piece, c) && inWindow(piece, today)
                && repeatAllowed(piece, history, today, day);
    }

    static Optional<String> stage(Piece piece, String stage) {
        if (piece.stages().contains(stage)) return Optional.empty();
        return Optional.of("for " + String.join(", ", piece.stages()) + "; customer is " + stage);
    }

    private static boolean sharesInterest(Piece piece, Customer c) {
        return piece.interests().isEmpty() || Scoring.shared(piece, c) > 0;
    }

    private static boolean inWindow(Piece piece, LocalDate today) {
        return (piece.validFrom() == null || !today.isBefore(piece.validFrom()))
                && (piece.validUntil() == null || !today.isAfter(piece.validUntil()));
    }

    private static boolean repeatAllowed(Piece piece, SendHistory history, LocalDate today, Function<Instant, LocalDate> day) {
        Instant last = history.pieceLastSent().get(piece.id());
        return last == null
                || piece.repeat() instanceof Repeat.After after && Selector.age(day.apply(last), today) >= after.days();
    }

    static Optional<String> interests(Piece piece, Customer c) {
        if (sharesInterest(piece, c)) return Optional.empty();
        return Optional.of("needs an interest in " + String.join(", ", piece.interests()));
    }

    static Optional<String> window(Piece piece, LocalDate today) {
        if (piece.validFrom() != null && today.isBefore(piece.validFrom())) {
            return Optional.of("not before " + piece.validFrom() + " (valid_from)");
        }
        if (piece.validUntil() != null && today.isAfter(piece.validUntil())) {
            return Optional.of("ended on " + piece.validUntil() + " (valid_until)");
        }
        return Optional.empty();
    }

    static Optional<String> repeat(Piece piece, SendHistory history, LocalDate today, Function<Instant, LocalDate> day) {
        Instant last = history.pieceLastSent().get(piece.id());
        if (last == null) return Optional.empty();
        LocalDate sent = day.apply(last);
        if (piece.repeat() instanceof Repeat.After after) {
            long since = Selector.age(sent, today);
            if (since >= after.days()) return Optional.empty();
            return Optional.of("sent " + Cadence.ago(since) + "; returns " + after + " (on " + sent.plusDays(after.days()) + ")");
        }
        return Optional.of("already sent on " + sent + " (repeat: never)");
    }
}
