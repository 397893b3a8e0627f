package rapport.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class LearnedValueTest {
    private static final int WEIGHT = 30;
    private static final long DAY = LocalDate.parse("2026-11-24").toEpochDay();

    private static LearnedValue learned(Evidence... rows) {
        return LearnedValue.of(List.of(rows), WEIGHT);
    }

    private static int min(LearnedValue v, String piece, String stage) {
        int min = Integer.MAX_VALUE;
        for (long customer = 1; customer <= 5000; customer++) min = Math.min(min, v.term(piece, stage, DAY, customer));
        return min;
    }

    private static int max(LearnedValue v, String piece, String stage) {
        int max = Integer.MIN_VALUE;
        for (long customer = 1; customer <= 5000; customer++) max = Math.max(max, v.term(piece, stage, DAY, customer));
        return max;
    }

    @Test
    void fifteenOfTwentyRatingItNotForMeTakesAtLeastSixPointsAtEveryDraw() {
        double[] table = LearnedValue.table(0, 15, WEIGHT);
        for (double term : table) assertTrue(Math.round(term) <= -6, "term " + term);
        // The most lenient draw of the central 95%: still far below -6.
        assertTrue(Math.round(table[table.length - 1]) <= -13, "best draw " + table[table.length - 1]);
        LearnedValue v = learned(new Evidence("a", "friend", 0, 15, 0, 0));
        assertTrue(max(v, "a", "friend") <= -6);
    }

    @Test
    void withoutEvidenceTheTermIsExactlyZero() {
        LearnedValue v = learned(new Evidence("a", "friend", 3, 1, 0, 0), new Evidence("empty", "friend", 0, 0, 0, 0));
        assertEquals(0, max(v, "b", "friend"));
        assertEquals(0, min(v, "b", "friend"));
        assertEquals(0, max(v, "empty", "friend"));
        assertEquals(0, learned().term("a", "friend", DAY, 7));
        assertEquals("no ratings or clicks yet: 0", v.words("b", "friend", 0));
    }

    @Test
    void theSameDayCustomerAndPieceAlwaysDrawTheSameTerm() {
        LearnedValue v = learned(new Evidence("a", "friend", 2, 1, 0, 0));
        LearnedValue again = learned(new Evidence("a", "friend", 2, 1, 0, 0));
        for (long customer = 1; customer <= 200; customer++) {
            assertEquals(v.term("a", "friend", DAY, customer), again.term("a", "friend", DAY, customer));
            assertEquals(v.term("a", "friend", DAY, customer), v.term("a", "friend", DAY, customer));
        }
        assertTrue(min(v, "a", "friend") < max(v, "a", "friend"), "thin evidence draws differ between customers");
    }

    @Test
    void theSpreadOfDrawsShrinksAsTheEvidenceGrows() {
        double previousTheta = 1;
        double previousTerm = Double.MAX_VALUE;
        for (int n : new int[] {20, 100, 1000, 10_000}) {
            double low = BetaDistribution.quantile(LearnedValue.LOW_U, 1 + n * 0.7, 1 + n * 0.3);
            double high = BetaDistribution.quantile(LearnedValue.HIGH_U, 1 + n * 0.7, 1 + n * 0.3);
            assertTrue(high - low < previousTheta, "theta band at " + n);
            previousTheta = high - low;
            double[] table = LearnedValue.table(n * 0.7, n * 0.3, WEIGHT);
            double spread = table[table.length - 1] - table[0];
            assertTrue(spread < previousTerm, "term spread at " + n + ": " + spread);
            previousTerm = spread;
        }
        assertTrue(previousTerm < 1.5, "ten thousand verdicts leave about one point of doubt: " + previousTerm);
    }

    @Test
    void evidenceAtOtherStagesCountsHalf() {
        LearnedValue v = learned(new Evidence("a", "new", 0, 20, 0, 0));
        LearnedValue half = learned(new Evidence("a", "friend", 0, 10, 0, 0));
        assertTrue(max(v, "a", "friend") < 0, "a piece disliked by new customers starts below zero for friends");
        for (long customer = 1; customer <= 500; customer++) {
            int friend = v.term("a", "friend", DAY, customer);
            assertTrue(v.term("a", "new", DAY, customer) <= friend, "but less so than at its own stage");
            assertEquals(half.term("a", "friend", DAY, customer), friend, "as if half of it had been seen there");
        }
    }

    @Test
    void theEvidenceIsWordedAsPeopleGaveIt() {
        LearnedValue v = learned(new Evidence("a", "friend", 9, 2, 2, 1), new Evidence("a", "new", 1, 0, 0, 0));
        String words = v.words("a", "friend", 12);
        assertEquals("useful to 9 of 11 who rated it (stage friend); 2 more clicked or replied; 1 left after it; "
                + "at other stages 1 for, 0 against (counted half); +12", words);
        assertEquals("learning is off (feedback.learning: false)", LearnedValue.off().words("a", "friend", 0));
    }

    @Test
    void learningOffAddsNothingWhateverTheEvidence() {
        assertFalse(LearnedValue.off().enabled());
        assertEquals(0, LearnedValue.off().term("a", "friend", DAY, 7));
    }

    @Test
    void theReportValueIsThePosteriorMeanWithItsBandAndNamesWhatPeopleDoNotValue() {
        PieceValue disliked = learned(new Evidence("a", "friend", 1, 10, 0, 2)).value("a");
        assertTrue(disliked.low() <= disliked.learned() && disliked.learned() <= disliked.high());
        assertTrue(disliked.learned() < 0);
        assertTrue(disliked.retire());
        PieceValue liked = learned(new Evidence("b", "friend", 10, 1, 3, 0)).value("b");
        assertTrue(liked.learned() > 0);
        assertFalse(liked.retire());
        PieceValue thin = learned(new Evidence("c", "friend", 0, 3, 0, 0)).value("c");
        assertFalse(thin.retire(), "three verdicts are not yet clear");
        assertEquals(new PieceValue(0, 0, 0, 0, 0, 0, 0, false), learned().value("d"));
    }

    @Test
    void theBetaQuantileMatchesItsClosedForms() {
        for (double p : new double[] {0.025, 0.3, 0.5, 0.975}) {
            assertEquals(p, BetaDistribution.quantile(p, 1, 1), 1e-9);
            assertEquals(1 - Math.pow(1 - p, 1.0 / 16), BetaDistribution.quantile(p, 1, 16), 1e-9);
            assertEquals(Math.pow(p, 1.0 / 5), BetaDistribution.quantile(p, 5, 1), 1e-9);
        }
        assertEquals(0.5, BetaDistribution.quantile(0.5, 300, 300), 1e-9);
    }
}
