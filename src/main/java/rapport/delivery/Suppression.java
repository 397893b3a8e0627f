package rapport.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import rapport.customer.Status;

/**
 * The claimed customers' statuses, read again, all at once, when the last reading is older than
 * {@link #FRESH}. At full speed a claim is sent well within that, so suppression costs one query
 * per claim instead of one per message; at a paced rate every message still sees a status no
 * older than that, and an unsubscribe mid-run wins. Not thread-safe; one per claim.
 */
final class Suppression {
    private static final long FRESH = TimeUnit.MILLISECONDS.toNanos(250);

    private final Ledger ledger;
    private final List<Long> ids;
    private Map<Long, Status> byId;
    private long readAt;

    Suppression(Ledger ledger, List<Long> ids) {
        this.ledger = ledger;
        this.ids = ids;
        read();
    }

    /** The row's outcome when its customer may no longer be mailed (or is gone), or null when they may. */
    Ledger.Outcome.Final check(Ledger.Claim claim, Instant now) {
        if (System.nanoTime() - readAt > FRESH) read();
        Status status = byId.get(claim.customerId());
        if (status == Status.ACTIVE) return null;
        return new Ledger.Outcome.Final(claim.customerId(), DeliveryState.SKIPPED, claim.attempts(),
                "status is " + (status == null ? "gone" : status.label()) + " at send time", now);
    }

    private void read() {
        byId = ledger.statuses(ids);
        readAt = System.nanoTime();
    }
}
