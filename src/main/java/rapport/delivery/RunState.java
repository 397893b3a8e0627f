package rapport.delivery;

/** Where a run stands: planning its ledger rows, sending them, paused by a fault, or finished. */
public enum RunState {
    PLANNING, SENDING, PAUSED, FINISHED;

    /** The word stored in the ledger and printed in summaries. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static RunState fromLabel(String label) {
        return valueOf(label.toUpperCase(java.util.Locale.ROOT));
    }
}
