package rapport.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean" suggestions for misspelled keys and values: of the configuration, and of the
 * names templates use (lint). Stateless and thread-safe.
 */
public final class Spelling {
    /** Two edits catch the usual slips (smpt, cadence_day, Amercia/New_York) without wild guesses. */
    private static final int MAX_DISTANCE = 2;

    private Spelling() {}

    /** The candidate nearest to {@code word} within two edits; the earliest wins a tie. */
    public static Optional<String> closest(String word, Collection<String> candidates) {
        String target = word.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = MAX_DISTANCE + 1;
        for (String candidate : candidates) {
            int d = distance(target, candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Optimal string alignment distance: a swapped pair of letters counts as one edit. */
    static int distance(String a, String b) {
        // Length alone can rule a candidate out; saves the table for most of the ~600 zone ids.
        if (Math.abs(a.length() - b.length()) > MAX_DISTANCE) return MAX_DISTANCE + 1;
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
