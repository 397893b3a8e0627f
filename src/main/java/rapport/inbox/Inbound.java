package rapport.inbox;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import rapport.feedback.BounceReasons;
import rapport.feedback.MessageRef;

/**
 * What one mail in the reply mailbox is, as {@link MailClassifier} read it: an answer to a note
 * we sent (reply, automatic reply, bounce, complaint, mailto unsubscribe) or something unrelated
 * that the poll leaves alone. Every kind but {@link Unrelated} carries a {@link Match}: the clues
 * that tie it to the note, which the poll resolves against what was really sent. Immutable.
 */
public sealed interface Inbound {

    /**
     * The clues that tie a mail to a note we sent: the subject of a token that verified (never a
     * forged or cross-purpose one), and the Message-IDs shaped like ours ({@code <rapport.…@…>})
     * that the mail refers to, in the order they were found. A match never has neither.
     */
    record Match(Optional<MessageRef> token, List<String> messageIds) {
        public Match {
            messageIds = List.copyOf(messageIds);
            if (token.isEmpty() && messageIds.isEmpty()) throw new IllegalArgumentException("a match needs a token or a Message-ID");
        }
    }

    /** A person wrote back; {@code key} is the mail's identity for idempotency, {@code snippet} its new text. */
    record Reply(Match match, Instant at, String key, String from, String subject, String snippet) implements Inbound {}

    /** An out-of-office, vacation or other automatic answer: never taken for a reply. */
    record AutoReply(Match match, Instant at, String key, String from, String subject) implements Inbound {}

    /**
     * A bounce: {@code status} is the enhanced code ("5.1.1"), {@code reason} why the server
     * refused (its words and code, see {@link BounceReasons}), {@code verdict} what that means
     * for the customer: hard, about the sender, or soft.
     */
    record Bounce(Match match, Instant at, BounceReasons.Reason reason, BounceReasons.Verdict verdict, String status,
                  String diagnostic) implements Inbound {
        /** Whether the address is gone for good. */
        public boolean permanent() {
            return verdict == BounceReasons.Verdict.HARD;
        }
    }

    /**
     * A report that says our note arrived (Action delivered, relayed or expanded; Status 2.x.x):
     * never a failure. Nothing is recorded but the mail itself, so it is moved and read once.
     */
    record Delivered(Match match, Instant at, String key) implements Inbound {}

    /** An abuse report (ARF, RFC 5965) from a mailbox provider's feedback loop. */
    record Complaint(Match match, Instant at, String feedbackType) implements Inbound {}

    /** A mail to the mailto address of List-Unsubscribe. */
    record Unsubscribe(Match match, Instant at) implements Inbound {}

    /** Anything not tied to a note we sent; {@code why} says what it looked like. Left in the mailbox. */
    record Unrelated(String why) implements Inbound {}
}
