package rapport.selection;

/**
 * What the report says of one piece, pooled over every stage: its verdicts, its learned value
 * (the term at the posterior mean of θ, without a draw), the terms at θ's 5% and 95% quantiles
 * as the band the value is likely in, and whether people clearly do not value it. Immutable.
 *
 * @param retire at least {@value #RETIRE_AFTER} verdicts, and even θ's 95% quantile is below
 *               {@value #RETIRE_BELOW}: most people who said anything said it was not for them
 */
public record PieceValue(long useful, long notForMe, long engaged, long left, int learned, int low, int high,
                         boolean retire) {
    static final int RETIRE_AFTER = 10;
    static final double RETIRE_BELOW = 0.4;

    /** The band in words: "-3..+20". */
    public String band() {
        return LearnedValue.signed(low) + ".." + LearnedValue.signed(high);
    }

    static PieceValue of(Evidence total, int weight) {
        long forIt = total.forIt();
        long against = total.against();
        long n = forIt + against;
        if (n == 0) return new PieceValue(0, 0, total.engaged(), total.left(), 0, 0, 0, false);
        double a = 1 + forIt;
        double b = 1 + against;
        double scale = weight * LearnedValue.credibility(n);
        double mean = a / (a + b);
        double q05 = BetaDistribution.quantile(0.05, a, b);
        double q95 = BetaDistribution.quantile(0.95, a, b);
        return new PieceValue(total.useful(), total.notForMe(), total.engaged(), total.left(),
                (int) Math.round(scale * (2 * mean - 1)), (int) Math.round(scale * (2 * q05 - 1)),
                (int) Math.round(scale * (2 * q95 - 1)), n >= RETIRE_AFTER && q95 < RETIRE_BELOW);
    }
}
