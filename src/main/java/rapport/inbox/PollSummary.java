package rapport.inbox;

import java.util.List;

/**
 * What one poll of the mailbox did: mails recorded by kind, and {@code ignored}, the mail left
 * untouched (unrelated, or unreadable). Mail an earlier, interrupted poll had already recorded
 * is only moved, and counted nowhere. {@code warnings} are what the shop should act on: a run
 * paused because refusals about the sender piled up, with what to check. Immutable.
 */
public record PollSummary(int replies, int autoReplies, int bounces, int complaints, int unsubscribes, int ignored,
                          List<String> warnings) {
    public PollSummary {
        warnings = List.copyOf(warnings);
    }

    /** A poll with nothing to warn about. */
    public PollSummary(int replies, int autoReplies, int bounces, int complaints, int unsubscribes, int ignored) {
        this(replies, autoReplies, bounces, complaints, unsubscribes, ignored, List.of());
    }

    /** Everything the poll recorded, ignoring the untouched mail. */
    public int recorded() {
        return replies + autoReplies + bounces + complaints + unsubscribes;
    }
}
