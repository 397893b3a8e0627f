package rapport.inbox;

/**
 * What one poll of the mailbox did: mails recorded by kind, and {@code ignored}, the mail left
 * untouched (unrelated, or unreadable). Mail an earlier, interrupted poll had already recorded
 * is only moved, and counted nowhere. Immutable.
 */
public record PollSummary(int replies, int autoReplies, int bounces, int complaints, int unsubscribes, int ignored) {

    /** Everything the poll recorded, ignoring the untouched mail. */
    public int recorded() {
        return replies + autoReplies + bounces + complaints + unsubscribes;
    }
}
