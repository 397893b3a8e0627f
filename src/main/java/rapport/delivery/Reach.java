package rapport.delivery;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import rapport.customer.CustomerRepository;

/**
 * How many customers each piece would go to in a send as of a moment: the same decisions a
 * send plans, page by page, without rendering or writing anything. What the studio's catalog
 * shows beside each piece. Stateless; one count per call.
 */
public final class Reach {
    /**
     * @param due    customers due a note
     * @param pieces how many of them each piece would go to (pieces no one would get are absent)
     */
    public record Count(int due, Map<String, Integer> pieces) {
        public int of(String piece) {
            return pieces.getOrDefault(piece, 0);
        }
    }

    /** Why a count ended before its last page: the caller no longer wanted it. */
    public static final class Abandoned extends RuntimeException {
        private Abandoned() {
            super("the count was no longer wanted", null, false, false);
        }
    }

    private Reach() {}

    /**
     * Decides every customer as of {@code asOf}; checks {@code wanted} between pages, and ends
     * with {@link Abandoned} once it says no (the templates changed: this count is stale).
     */
    public static Count count(CustomerRepository customers, NextNote nextNote, Instant asOf, BooleanSupplier wanted) {
        Planning planning = new Planning(customers, nextNote);
        Map<String, Integer> pieces = new HashMap<>();
        int[] due = {0};
        customers.forEachPage(null, Planning.PAGE, page -> {
            if (!wanted.getAsBoolean()) throw new Abandoned();
            planning.decide(page, asOf, (customer, decision) -> {
                if (!decision.due().due()) return;
                due[0]++;
                decision.chosen().ifPresent(piece -> pieces.merge(piece, 1, Integer::sum));
            });
        });
        return new Count(due[0], Map.copyOf(pieces));
    }
}
