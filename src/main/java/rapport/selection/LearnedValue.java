package rapport.selection;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The learned value of each piece: a score term of at most {@code feedback.weight} points either
 * way, from what people did with the piece (see {@link Evidence}), exactly 0 without evidence.
 * Immutable once built, and thread-safe: planning asks it from many threads.
 *
 * <p><b>The model.</b> Each note is a Bernoulli trial, "for" or "against" the piece. With a
 * uniform prior, the share θ of people the piece serves is Beta(1 + for, 1 + against): the
 * simplest model that says how sure we are, not only how good the piece looks.
 * <ul>
 *   <li><b>Partial pooling.</b> A piece's evidence at the customer's own stage counts fully, and
 *       its evidence at every other stage counts half ({@value #POOLED_SHARE}): a welcome tip
 *       liked by new customers is probably liked by acquaintances too, but not surely, and a
 *       stage with few notes still learns from the rest.</li>
 *   <li><b>Credibility.</b> The term is scaled by Z = n / (n + {@value #CREDIBILITY}), n the
 *       (pooled) number of verdicts: two ratings cannot swing a score by the full weight, a
 *       hundred nearly can.</li>
 *   <li><b>Thompson sampling.</b> Rather than the posterior mean, θ is one draw from the
 *       posterior: a piece with little evidence varies from customer to customer, so it still
 *       gets its chance (exploration), while one with clear evidence varies little. The draw is
 *       the posterior's quantile at u, where u comes from a SplitMix64 hash of (as-of calendar
 *       day, customer id, piece id): the same run and customer always draw the same u, so
 *       {@code preview} as of a run's day shows what {@code send} sent. u is kept in the central
 *       95% [{@value #LOW_U}, {@value #HIGH_U}] so one unlucky draw never overturns clear
 *       evidence.</li>
 * </ul>
 * The term is {@code round(weight · Z · (2θ − 1))}: θ = ½ (as many for as against) adds nothing.
 * 15 notes rated "not for me" and none "useful" take at least 13 points away at weight 30, for
 * every draw: more than a 5-point priority gap.
 *
 * <p><b>Speed.</b> For every (piece, stage) with evidence the term is tabulated at
 * {@value #POINTS} evenly spaced u when this is built; a candidate then costs a hash and a
 * linear interpolation in its table. A piece without evidence costs one map miss.
 */
public final class LearnedValue {
    /** The share of a piece's evidence at other stages that counts for a customer's own stage. */
    static final double POOLED_SHARE = 0.5;
    /** Verdicts at which the term reaches half its full weight: Z = n / (n + 5). */
    static final int CREDIBILITY = 5;
    static final double LOW_U = 0.025;
    static final double HIGH_U = 0.975;
    static final int POINTS = 129;

    private final boolean enabled;
    private final int weight;
    private final Map<String, PieceLearning> byPiece;

    private LearnedValue(boolean enabled, int weight, Map<String, PieceLearning> byPiece) {
        this.enabled = enabled;
        this.weight = weight;
        this.byPiece = byPiece;
    }

    /** {@code feedback.learning: false}: every term is 0, and scores are what they were without learning. */
    public static LearnedValue off() {
        return new LearnedValue(false, 0, Map.of());
    }

    /**
     * Learning on, from every (piece, stage) row of evidence.
     *
     * @param weight {@code feedback.weight}: the most points the term may add or take away
     */
    public static LearnedValue of(List<Evidence> evidence, int weight) {
        Map<String, Map<String, Evidence>> grouped = new HashMap<>();
        for (Evidence e : evidence) {
            grouped.computeIfAbsent(e.piece(), p -> new HashMap<>()).merge(e.stage(), e, Evidence::plus);
        }
        Map<String, PieceLearning> byPiece = new HashMap<>();
        grouped.forEach((piece, stages) -> byPiece.put(piece, new PieceLearning(piece, stages, weight)));
        return new LearnedValue(true, weight, byPiece);
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * The term for one piece and customer on one day: what choosing adds to the piece's score.
     * Words nothing and allocates nothing: planning asks it of every eligible piece of every
     * customer.
     */
    int term(String piece, String stage, long epochDay, long customerId) {
        if (byPiece.isEmpty()) return 0;
        PieceLearning learning = byPiece.get(piece);
        if (learning == null) return 0;
        double[] table = learning.table(stage);
        if (table == null) return 0;
        double x = unit(draw(epochDay, customerId, learning.seed)) * (POINTS - 1);
        int i = (int) x;
        double v = i >= POINTS - 1 ? table[POINTS - 1] : table[i] + (x - i) * (table[i + 1] - table[i]);
        return (int) Math.round(v);
    }

    /** The evidence behind a term, in words: "useful to 9 of 11 who rated it (stage friend); ...; +12". */
    String words(String piece, String stage, int term) {
        if (!enabled) return "learning is off (feedback.learning: false)";
        PieceLearning learning = byPiece.get(piece);
        if (learning == null || learning.total.forIt() + learning.total.against() == 0) return "no ratings or clicks yet: 0";
        return learning.words(stage) + "; " + signed(term);
    }

    /**
     * A piece's value pooled over every stage, for the report: the term at the posterior mean,
     * and the terms at the posterior's 5% and 95% quantiles as its uncertainty.
     */
    public PieceValue value(String piece) {
        PieceLearning learning = byPiece.get(piece);
        Evidence total = learning == null ? new Evidence(piece, "", 0, 0, 0, 0) : learning.total;
        return PieceValue.of(total, weight);
    }

    /** A term as a score shows it: "+12", "0", "-7". */
    public static String signed(int term) {
        return term > 0 ? "+" + term : Integer.toString(term);
    }

    /** The credibility weight Z of n verdicts. */
    static double credibility(double n) {
        return n / (n + CREDIBILITY);
    }

    /** A point of [LOW_U, HIGH_U] as a fraction of that range, from 53 bits of the hash. */
    static double unit(long hash) {
        return (hash >>> 11) * 0x1.0p-53;
    }

    /** The hash of (day, customer, piece): SplitMix64's finalizer applied to each part in turn. */
    static long draw(long epochDay, long customerId, long pieceSeed) {
        long day = mix(epochDay + GOLDEN);
        long customer = mix(day ^ customerId);
        return mix((customer + GOLDEN) ^ pieceSeed);
    }

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A piece id as 64 bits (FNV-1a over its characters), the same on every machine and run. */
    static long seed(String piece) {
        long h = 0xCBF29CE484222325L;
        for (int i = 0; i < piece.length(); i++) {
            h ^= piece.charAt(i);
            h *= 0x100000001B3L;
        }
        return mix(h);
    }

    /** The term at each of {@value #POINTS} evenly spaced u, or null when there are no verdicts. */
    static double[] table(double forIt, double against, int weight) {
        double n = forIt + against;
        if (n == 0) return null;
        double scale = weight * credibility(n);
        double[] out = new double[POINTS];
        double theta = (1 + forIt) / (2 + n);
        for (int i = 0; i < POINTS; i++) {
            double u = LOW_U + (HIGH_U - LOW_U) * i / (POINTS - 1);
            theta = BetaDistribution.quantile(u, 1 + forIt, 1 + against, theta); // the last point is a close guess
            out[i] = scale * (2 * theta - 1);
        }
        return out;
    }
}
