package rapport.feedback;

import java.time.Clock;

/**
 * One pass of the stage rules over every customer, as one use case: promotions up the ladder,
 * falling dormant after a long silence, and waking on engagement, all as of the command's clock.
 * The same pass drops what is kept only until a deadline on that clock (signups never confirmed),
 * so nothing outlives its deadline because nobody happened to use the page that also drops it;
 * and, first, it settles what waits for a day on that clock (invited friends who have stayed long
 * enough count), so a friend counted now may move their inviter up the ladder in the same pass.
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

    /** What is kept only until a deadline: drops what has passed it at {@code now}. */
    public interface Expiring {
        Expiring NOTHING = now -> {};

        void dropExpired(java.time.Instant now);
    }

    /** What waits for a day on the command's clock: settles what that day has come for at {@code now}. */
    public interface Waiting {
        Waiting NOTHING = now -> {};

        void settle(java.time.Instant now);
    }

    private final Relationships relationships;
    private final StageRules rules;
    private final Clock clock;
    private final Expiring expiring;
    private final Waiting waiting;

    public StagePass(Relationships relationships, StageRules rules, Clock clock) {
        this(relationships, rules, clock, Expiring.NOTHING);
    }

    public StagePass(Relationships relationships, StageRules rules, Clock clock, Expiring expiring) {
        this(relationships, rules, clock, expiring, Waiting.NOTHING);
    }

    public StagePass(Relationships relationships, StageRules rules, Clock clock, Expiring expiring, Waiting waiting) {
        this.relationships = relationships;
        this.rules = rules;
        this.clock = clock;
        this.expiring = expiring;
        this.waiting = waiting;
    }

    public Changes run() {
        java.time.Instant now = clock.instant();
        waiting.settle(now);
        Changes changes = relationships.apply(rules, now);
        expiring.dropExpired(now);
        return changes;
    }
}
