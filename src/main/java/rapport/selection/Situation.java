package rapport.selection;

import java.time.Instant;
import java.time.LocalDate;
import java.util.function.Function;
import rapport.customer.Customer;
import rapport.customer.SendHistory;

/**
 * One customer on one day, as the cadence and eligibility rules and their wording see them:
 * whether they are dormant, what they already received, and the calendar day of an instant in
 * the policy's zone. Immutable.
 *
 * @param asOf the moment of the decision; {@code today} is its calendar day
 */
record Situation(Customer customer, boolean dormant, SendHistory history, Instant asOf, LocalDate today,
                 Function<Instant, LocalDate> day) {

    /** The stage a piece must list: {@value Policy#DORMANT} while the customer is dormant. */
    String stage() {
        return dormant ? Policy.DORMANT : customer.stage();
    }

    /** The day a piece last went to this customer, or null when it never did. */
    LocalDate lastSentOn(String pieceId) {
        Instant last = history.pieceLastSent().get(pieceId);
        return last == null ? null : day.apply(last);
    }
}
