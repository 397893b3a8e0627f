package rapport.selection;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import rapport.content.Kind;
import rapport.content.Piece;
import rapport.customer.Customer;
import rapport.customer.SendHistory;

/**
 * Chooses the next note for a customer: due? which pieces are eligible? which is best? Pure: no
 * I/O and no clock; "as of" is passed in, so {@code preview} and {@code send} agree by
 * construction. Immutable and thread-safe.
 *
 * <p>{@link #choose} and {@link #decide} pick the piece with the same code, over the same rules
 * and the same ranking; {@code decide} then lists every piece and words the reasons, which
 * planning never pays for.
 *
 * <p>Days are counted between calendar dates in the policy's time zone, so a weekly send at
 * 9:00 finds last week's 9:05 note seven days old.
 *
 * <p>The learned value's draw is keyed on the as-of calendar day, the customer and the piece,
 * so every decision on one day (a run and any preview as of that day) ranks alike.
 */
public final class Selector {
    private final Policy policy;
    private final List<Piece> pieces;
    private final Map<String, String> lintFailures;
    private final LearnedValue learned;
    /** The kind of each piece of the catalog, for a customer's "not for me" to a kind. */
    private final Map<String, Kind> kinds;
    private final Map<Long, String> rewards;
    /** Built once, so that no call allocates it again. */
    private final Function<Instant, LocalDate> toDay;

    /** A selector that has learned nothing yet: every learned term is 0. */
    public Selector(Policy policy, List<Piece> pieces, Map<String, String> lintFailures) {
        this(policy, pieces, lintFailures, LearnedValue.of(List.of(), 0));
    }

    /**
     * @param lintFailures piece id to the first lint error; such pieces are never eligible
     * @param learned      what people did with each piece, or {@link LearnedValue#off()}
     */
    public Selector(Policy policy, List<Piece> pieces, Map<String, String> lintFailures, LearnedValue learned) {
        this(policy, pieces, lintFailures, learned, Map.of());
    }

    /**
     * @param rewards customer id to the piece of an approved reward not sent yet: it goes to them
     *                next, whatever the cadence and the piece's stages, within the hard cap
     */
    public Selector(Policy policy, List<Piece> pieces, Map<String, String> lintFailures, LearnedValue learned,
                    Map<Long, String> rewards) {
        this.policy = policy;
        this.rewards = Map.copyOf(rewards);
        this.pieces = List.copyOf(pieces);
        this.lintFailures = Map.copyOf(lintFailures);
        this.learned = learned;
        Map<String, Kind> kindOf = new HashMap<>();
        for (Piece piece : pieces) kindOf.put(piece.id(), piece.kind());
        this.kinds = Map.copyOf(kindOf);
        this.toDay = instant -> instant.atZone(policy.zone()).toLocalDate();
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
        return toDay.apply(asOf).minusDays(policy.perDays() - 1L).atStartOfDay(policy.zone()).toInstant();
    }

    /**
     * The piece {@link #decide} would choose, without the reasons and the ranking of the rest:
     * what planning a run needs, once per customer of the whole audience. A customer who is not
     * due is not matched against the pieces at all.
     */
    public Decision choose(Customer customer, SendHistory history, Instant asOf) {
        Situation situation = situation(customer, history, asOf);
        String reward = reward(customer);
        if (reward != null) {
            Due due = Cadence.rewardDue(policy, situation, reward);
            return new Decision(due, due.due() ? Optional.of(reward) : Optional.empty(), situation.stage(), List.of());
        }
        Due due = Cadence.due(policy, situation);
        if (!due.due()) return new Decision(due, Optional.empty(), situation.stage(), List.of());
        Piece best = best(situation);
        return new Decision(due, best == null ? Optional.empty() : Optional.of(best.id()), situation.stage(), List.of());
    }

    /**
     * The full answer {@code preview} shows: the piece {@link #choose} picks, and every piece with
     * the reason it won, lost or was ruled out, best first.
     */
    public Decision decide(Customer customer, SendHistory history, Instant asOf) {
        Situation situation = situation(customer, history, asOf);
        Due due = Cadence.due(policy, situation);
        Piece best = best(situation);
        List<Candidate> candidates = new ArrayList<>(pieces.size());
        for (Piece piece : pieces) {
            String lintFailure = lintFailures.get(piece.id());
            Rejection rejection = Eligibility.firstBroken(piece, lintFailure, situation);
            int term = learnedTerm(piece, situation);
            String evidence = learned.words(piece.id(), situation.stage(), term);
            if (rejection == null) {
                String declined = Scoring.declinedLike(piece, customer, kinds);
                candidates.add(new Candidate(piece.id(), true, Scoring.score(piece, customer, declined != null, term), term,
                        evidence, Scoring.breakdown(piece, customer, declined, term)));
            } else {
                candidates.add(new Candidate(piece.id(), false, 0, term, evidence,
                        Eligibility.reason(rejection, piece, lintFailure, situation)));
            }
        }
        candidates.sort(Scoring.BEST_FIRST);
        String reward = reward(customer);
        if (reward != null) {
            Due rewardDue = Cadence.rewardDue(policy, situation, reward);
            return new Decision(rewardDue, rewardDue.due() ? Optional.of(reward) : Optional.empty(), situation.stage(),
                    Scoring.explainReward(reward, candidates, rewardDue.due()));
        }
        Optional<String> chosen = due.due() && best != null ? Optional.of(best.id()) : Optional.empty();
        return new Decision(due, chosen, situation.stage(), Scoring.explain(candidates, due.due()));
    }

    /** The piece of the customer's approved reward, when it can go out (it exists and passes lint); else null. */
    private String reward(Customer customer) {
        String piece = rewards.get(customer.id());
        if (piece == null || !kinds.containsKey(piece) || lintFailures.containsKey(piece)) return null;
        return piece;
    }

    private Situation situation(Customer customer, SendHistory history, Instant asOf) {
        LocalDate today = toDay.apply(asOf);
        boolean dormant = Cadence.isDormant(policy, customer, today, toDay);
        return new Situation(customer, dormant, history, asOf, today, toDay);
    }

    /**
     * The best eligible piece, or null: the one choice both paths make. It words nothing and
     * lists nothing, because planning runs it for every customer of the audience.
     */
    private Piece best(Situation situation) {
        Piece best = null;
        int bestScore = 0;
        for (Piece piece : pieces) {
            if (Eligibility.firstBroken(piece, lintFailures.get(piece.id()), situation) != null) continue;
            Customer customer = situation.customer();
            int score = Scoring.score(piece, customer, Scoring.declinesKind(piece, customer, kinds),
                    learnedTerm(piece, situation));
            if (best == null || Scoring.rank(score, piece.id(), bestScore, best.id()) < 0) {
                best = piece;
                bestScore = score;
            }
        }
        return best;
    }

    private int learnedTerm(Piece piece, Situation situation) {
        return learned.term(piece.id(), situation.stage(), situation.today().toEpochDay(), situation.customer().id());
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
