package rapport.selection;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import rapport.content.Piece;
import rapport.customer.Customer;
import rapport.customer.SendHistory;

/**
 * Chooses the next note for a customer: due? which pieces are eligible? which is best? Pure: no
 * I/O and no clock; "as of" is passed in, so {@code preview} and {@code send} agree by
 * construction. Immutable and thread-safe.
 *
 * <p>Days are counted between calendar dates in the policy's time zone, so a weekly send at
 * 9:00 finds last week's 9:05 note seven days old.
 */
public final class Selector {
    private final Policy policy;
    private final List<Piece> pieces;
    private final Map<String, String> lintFailures;

    /** @param lintFailures piece id to the first lint error; such pieces are never eligible */
    public Selector(Policy policy, List<Piece> pieces, Map<String, String> lintFailures) {
        this.policy = policy;
        this.pieces = List.copyOf(pieces);
        this.lintFailures = Map.copyOf(lintFailures);
    }

    /** The first lint error of a piece, or null when it passes. */
    public String lintFailure(String pieceId) {
        return lintFailures.get(pieceId);
    }

    public Policy policy() {
        return policy;
    }

    /** The first calendar day of the cap window ending on {@code asOf}'s day. */
    public Instant capWindowStart(Instant asOf) {
        return day(asOf).minusDays(policy.perDays() - 1L).atStartOfDay(policy.zone()).toInstant();
    }

    /**
     * The piece {@link #decide} would choose, without the reasons and the ranking of the rest:
     * what planning a run needs, once per customer of the whole audience. A customer who is not
     * due is not matched against the pieces at all.
     */
    public Decision choose(Customer customer, SendHistory history, Instant asOf) {
        LocalDate today = day(asOf);
        boolean dormant = Cadence.isDormant(policy, customer, today, this::day);
        String stage = dormant ? Policy.DORMANT : customer.stage();
        Due due = Cadence.due(policy, customer, history, today, dormant, this::day);
        if (!due.due()) return new Decision(due, Optional.empty(), stage, List.of());
        Piece best = null;
        int bestScore = 0;
        for (Piece piece : pieces) {
            if (!Eligibility.allows(piece, customer, stage, history, today, lintFailures.get(piece.id()), this::day)) continue;
            int score = Scoring.score(piece, customer);
            if (best == null || score > bestScore || score == bestScore && piece.id().compareTo(best.id()) < 0) {
                best = piece;
                bestScore = score;
            }
        }
        return new Decision(due, Optional.ofNullable(best).map(Piece::id), stage, List.of());
    }

    public Decision decide(Customer customer, SendHistory history, Instant asOf) {
        LocalDate today = day(asOf);
        boolean dormant = Cadence.isDormant(policy, customer, today, this::day);
        String stage = dormant ? Policy.DORMANT : customer.stage();
        Due due = Cadence.due(policy, customer, history, today, dormant, this::day);
        List<Candidate> candidates = new ArrayList<>();
        for (Piece piece : pieces) {
            Optional<String> rejection = Eligibility.check(piece, customer, stage, history, today,
                    lintFailures.get(piece.id()), this::day);
            candidates.add(rejection
                    .map(reason -> new Candidate(piece.id(), false, 0, reason))
                    .orElseGet(() -> new Candidate(piece.id(), true, Scoring.score(piece, customer), null)));
        }
        candidates.sort(Comparator.comparing(Candidate::eligible).reversed()
                .thenComparing(Comparator.comparingInt(Candidate::score).reversed())
                .thenComparing(Candidate::piece));
        Optional<String> best = candidates.isEmpty() || !candidates.get(0).eligible()
                ? Optional.empty() : Optional.of(candidates.get(0).piece());
        List<Candidate> explained = Scoring.explain(candidates, pieces, customer, due.due());
        return new Decision(due, due.due() ? best : Optional.empty(), stage, explained);
    }

    private LocalDate day(Instant instant) {
        return instant.atZone(policy.zone()).toLocalDate();
    }

    /**
     * Whole calendar days from {@code from} to {@code today}. A day after {@code today} (a note a
     * later run recorded, seen by a preview as of an earlier day) counts as today: just sent,
     * never a negative age.
     */
    static long age(LocalDate from, LocalDate today) {
        return Math.max(0, ChronoUnit.DAYS.between(from, today));
    }
}
