package rapport.feedback;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import rapport.config.RapportConfig;
import rapport.config.RapportConfig.Promotion;
import rapport.config.RapportConfig.StageConfig;
import rapport.selection.Dormancy;
import rapport.selection.Policy;

/**
 * How engagement moves a customer along the ladder: the {@code promote} rule of their stage,
 * counted over its window from the later of the window's start and the day they reached the
 * stage (so one burst of engagement moves them one rung, not up the whole ladder), and the
 * dormancy of {@link Dormancy}. Pure; immutable and thread-safe.
 */
public final class StageRules {
    /**
     * Human engagement a customer made at their current stage, inside a rule's window; {@code opens}
     * counts notes a person opened, one per note however often its pixel was fetched;
     * {@code referrals} friends who joined through them and counted.
     */
    public record Engagement(int opens, int clicks, int replies, int referrals) {
        public Engagement(int opens, int clicks, int replies) {
            this(opens, clicks, replies, 0);
        }
    }

    /** A move up the ladder and why. */
    public record Move(String from, String to, String reason) {}

    private final List<StageConfig> ladder;
    private final Dormancy dormancy;

    public StageRules(List<StageConfig> ladder, Dormancy dormancy) {
        this.ladder = List.copyOf(ladder);
        this.dormancy = dormancy;
    }

    public static StageRules from(RapportConfig config) {
        return new StageRules(config.stages(), Policy.dormancy(config));
    }

    /** The stages that have a rule and a rung above them. */
    public List<StageConfig> promotable() {
        List<StageConfig> out = new ArrayList<>();
        for (int i = 0; i < ladder.size() - 1; i++) if (ladder.get(i).promote().isPresent()) out.add(ladder.get(i));
        return out;
    }

    /** Where the window of a stage's rule starts; engagement before the customer reached the stage never counts either. */
    public Instant windowStart(StageConfig stage, Instant now) {
        return now.minus(Duration.ofDays(stage.promote().orElseThrow().withinDays()));
    }

    /** The move up from {@code stage}, if this engagement meets its rule. */
    public Optional<Move> promotion(StageConfig stage, Engagement counted) {
        int index = ladder.indexOf(stage);
        if (index < 0 || index == ladder.size() - 1 || stage.promote().isEmpty()) return Optional.empty();
        Promotion rule = stage.promote().get();
        List<String> met = new ArrayList<>();
        if (rule.opens() > 0 && counted.opens() >= rule.opens()) met.add(plural(counted.opens(), "open"));
        if (rule.clicks() > 0 && counted.clicks() >= rule.clicks()) met.add(plural(counted.clicks(), "click"));
        if (rule.replies() > 0 && counted.replies() >= rule.replies()) met.add(plural(counted.replies(), "reply", "replies"));
        if (rule.referrals() > 0 && counted.referrals() >= rule.referrals()) met.add(plural(counted.referrals(), "friend") + " brought");
        if (met.isEmpty()) return Optional.empty();
        String to = ladder.get(index + 1).name();
        return Optional.of(new Move(stage.name(), to, String.join(", ", met) + " within " + rule.withinDays() + " days"));
    }

    /** When silence makes a customer dormant: the same definition the selector applies. */
    public Dormancy dormancy() {
        return dormancy;
    }

    private static String plural(int n, String one) {
        return plural(n, one, one + "s");
    }

    private static String plural(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
