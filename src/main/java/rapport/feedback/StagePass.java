package rapport.feedback;

import java.time.Clock;

/**
 * One pass of the stage rules over every customer, as one use case: promotions up the ladder,
 * falling dormant after a long silence, and waking on engagement, all as of the command's clock.
 * {@code send} runs it after a run, {@code poll} and {@code serve} after reading the mailbox, so
 * the ladder moves on one timeline whichever command moved it. Thread-safe when its store is.
 */
public final class StagePass {
    /** What one pass changed. */
    public record Changes(int promoted, int dormant, int woke) {
        public boolean any() {
            return promoted + dormant + woke > 0;
        }
    }

    /** Where the customers are: applies every rule in one transaction, so a pass is all or nothing. */
    public interface Relationships {
        Changes apply(StageRules rules, java.time.Instant now);
    }

    private final Relationships relationships;
    private final StageRules rules;
    private final Clock clock;

    public StagePass(Relationships relationships, StageRules rules, Clock clock) {
        this.relationships = relationships;
        this.rules = rules;
        this.clock = clock;
    }

    public Changes run() {
        return relationships.apply(rules, clock.instant());
    }
}
