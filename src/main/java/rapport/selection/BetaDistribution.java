package rapport.selection;

/**
 * The Beta distribution's regularized incomplete beta function and its inverse, written here
 * rather than taken from a library: the learned value needs only these two, a few hundred times
 * when a selector is built, and the selection package depends on nothing outside the JDK.
 * Stateless and thread-safe.
 *
 * <p>The continued fraction is the classic one (modified Lentz), evaluated on the side of the
 * mean where it converges fast; the quantile is found by Newton's method kept inside a bracket
 * that shrinks at every step (a step that would leave it bisects instead), so it converges in a
 * few steps from a good guess and cannot fail to converge from a bad one.
 */
final class BetaDistribution {
    private static final double EPSILON = 1e-14;
    private static final double TINY = 1e-300;
    private static final int MAX_TERMS = 10_000;
    /** Far finer than any score can tell. */
    private static final double TOLERANCE = 1e-13;
    private static final int MAX_STEPS = 200;

    private static final double[] LANCZOS = {0.99999999999980993, 676.5203681218851, -1259.1392167224028,
            771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
            1.5056327351493116e-7};

    private BetaDistribution() {}

    /** P(X ≤ x) for X ~ Beta(a, b), with a, b > 0. */
    static double cdf(double x, double a, double b) {
        return cdf(x, a, b, logBeta(a, b));
    }

    private static double cdf(double x, double a, double b, double logBeta) {
        if (x <= 0) return 0;
        if (x >= 1) return 1;
        double front = Math.exp(a * Math.log(x) + b * Math.log1p(-x) - logBeta);
        if (x < (a + 1) / (a + b + 2)) return front * continuedFraction(x, a, b) / a;
        return 1 - front * continuedFraction(1 - x, b, a) / b;
    }

    /** The x at which {@link #cdf} reaches {@code p}, for 0 < p < 1. */
    static double quantile(double p, double a, double b) {
        return quantile(p, a, b, a / (a + b));
    }

    /** As {@link #quantile(double, double, double)}, starting from {@code guess} (a neighbouring quantile, say). */
    static double quantile(double p, double a, double b, double guess) {
        double logBeta = logBeta(a, b);
        double lo = 0;
        double hi = 1;
        double x = guess > 0 && guess < 1 ? guess : 0.5;
        for (int step = 0; step < MAX_STEPS; step++) {
            double error = cdf(x, a, b, logBeta) - p;
            if (error < 0) lo = x;
            else hi = x;
            double density = Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - logBeta);
            double next = x - error / density;
            if (!(next > lo && next < hi)) next = (lo + hi) / 2; // also when the density underflowed (NaN, infinite)
            if (Math.abs(next - x) < TOLERANCE || hi - lo < TOLERANCE) return next;
            x = next;
        }
        return x;
    }

    static double logBeta(double a, double b) {
        return logGamma(a) + logGamma(b) - logGamma(a + b);
    }

    /** Lanczos (g = 7, nine terms): about 15 significant digits for x > 0. */
    static double logGamma(double x) {
        if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        double[] c = LANCZOS;
        double z = x - 1;
        double sum = c[0];
        for (int i = 1; i < c.length; i++) sum += c[i] / (z + i);
        double t = z + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
    }

    private static double continuedFraction(double x, double a, double b) {
        double c = 1;
        double d = 1 - (a + b) * x / (a + 1);
        if (Math.abs(d) < TINY) d = TINY;
        d = 1 / d;
        double h = d;
        for (int m = 1; m <= MAX_TERMS; m++) {
            int m2 = 2 * m;
            double even = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 + even * d;
            if (Math.abs(d) < TINY) d = TINY;
            c = 1 + even / c;
            if (Math.abs(c) < TINY) c = TINY;
            d = 1 / d;
            h *= d * c;
            double odd = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 + odd * d;
            if (Math.abs(d) < TINY) d = TINY;
            c = 1 + odd / c;
            if (Math.abs(c) < TINY) c = TINY;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < EPSILON) break;
        }
        return h;
    }
}
