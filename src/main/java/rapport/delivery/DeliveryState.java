package rapport.delivery;

/**
 * Where one customer's row of a run stands. Planned, claimed and retry are still to do; sent,
 * skipped, failed and bounced are done.
 */
public enum DeliveryState {
    PLANNED, CLAIMED, RETRY, SENT, SKIPPED, FAILED, BOUNCED;

    /** The word stored in the ledger and printed in summaries. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static DeliveryState fromLabel(String label) {
        return valueOf(label.toUpperCase(java.util.Locale.ROOT));
    }

    /** Still to be sent (or tried again) in this run. */
    public boolean waiting() {
        return this == PLANNED || this == CLAIMED || this == RETRY;
    }
}
