package rapport.selection;

import java.util.HashMap;
import java.util.Map;

/**
 * One piece's evidence by stage, and its term tables: one per stage with evidence of its own,
 * and one for every other stage (which sees only the pooled half of the rest). Built once,
 * immutable afterwards, thread-safe.
 */
final class PieceLearning {
    final Evidence total;
    final long seed;
    private final Map<String, Evidence> byStage;
    private final Map<String, double[]> tables;
    /** For a stage without evidence of its own; null when the piece has no verdicts at all. */
    private final double[] elsewhere;

    PieceLearning(String piece, Map<String, Evidence> byStage, int weight) {
        Evidence sum = new Evidence(piece, "", 0, 0, 0, 0);
        for (Evidence e : byStage.values()) sum = sum.plus(e);
        this.total = sum;
        this.seed = LearnedValue.seed(piece);
        this.byStage = Map.copyOf(byStage);
        this.tables = new HashMap<>();
        for (Evidence own : byStage.values()) {
            double[] table = LearnedValue.table(pooled(own.forIt(), total.forIt()), pooled(own.against(), total.against()), weight);
            if (table != null) tables.put(own.stage(), table);
        }
        this.elsewhere = LearnedValue.table(pooled(0, total.forIt()), pooled(0, total.against()), weight);
    }

    /** Verdicts at the stage itself count fully; the rest count {@value LearnedValue#POOLED_SHARE}. */
    private static double pooled(long own, long all) {
        return own + LearnedValue.POOLED_SHARE * (all - own);
    }

    double[] table(String stage) {
        double[] own = tables.get(stage);
        return own != null || byStage.containsKey(stage) ? own : elsewhere;
    }

    /** The evidence at the stage, then what came from other stages, without the term. */
    String words(String stage) {
        Evidence own = byStage.getOrDefault(stage, new Evidence(total.piece(), stage, 0, 0, 0, 0));
        StringBuilder b = new StringBuilder();
        long rated = own.useful() + own.notForMe();
        if (rated > 0) b.append("useful to ").append(own.useful()).append(" of ").append(rated).append(" who rated it");
        else b.append("no ratings");
        b.append(" (stage ").append(stage).append(')');
        if (own.engaged() > 0) {
            b.append("; ").append(own.engaged()).append(rated > 0 ? " more" : "").append(" clicked or replied");
        }
        if (own.left() > 0) b.append("; ").append(own.left()).append(" left after it");
        long otherFor = total.forIt() - own.forIt();
        long otherAgainst = total.against() - own.against();
        if (otherFor + otherAgainst > 0) {
            b.append("; at other stages ").append(otherFor).append(" for, ").append(otherAgainst)
                    .append(" against (counted half)");
        }
        return b.toString();
    }
}
