package rapport.feedback;

import java.time.Instant;

/**
 * Something a customer's mailbox, browser or mail provider told us about a note we sent: the
 * facts the tracking endpoints and the mailbox poll hand to the {@link FeedbackLog}. Every
 * signal names the message it answers ({@code customerId} and {@code run}, as the verified token
 * or the matched Message-ID said). Immutable.
 */
public sealed interface Signal {
    MessageRef message();

    Instant at();

    /** The open pixel was fetched; {@code machine} when a proxy, scanner or prefetch did it, not a person. */
    record Open(MessageRef message, Instant at, boolean machine, String agent) implements Signal {}

    /** A tracked link was followed to {@code url}; {@code machine} as for opens. */
    record Click(MessageRef message, Instant at, String url, boolean machine, String agent) implements Signal {}

    /** No more notes: {@code via} is {@code one-click}, {@code page} or {@code mailto}. */
    record Unsubscribe(MessageRef message, Instant at, String via) implements Signal {}

    /** Fewer notes, asked on the unsubscribe page: the customer stays, at the slow cadence. */
    record Fewer(MessageRef message, Instant at) implements Signal {}

    /**
     * A person answered "Was this useful?" for the note: {@code verdict} is {@code useful} or
     * {@code not-for-me}; the last rating of a note counts. A non-empty {@code comment} ("what would
     * make it more useful?") also waits in the replies for a personal answer.
     */
    record Rating(MessageRef message, Instant at, String verdict, String comment) implements Signal {}

    /**
     * The customer saved their preferences page: the interests they chose (replacing the imported
     * ones for good) and how often they want notes: {@code usual}, {@code fewer}, or a pause of
     * {@code pause-4w}, {@code pause-8w} or {@code pause-12w} from {@code at}.
     */
    record Preferences(MessageRef message, Instant at, java.util.List<String> interests, String frequency) implements Signal {}

    /** A person wrote back; it waits for a personal answer. {@code key} identifies the mail (its Message-ID). */
    record Reply(MessageRef message, Instant at, String key, String from, String subject, String snippet) implements Signal {}

    /** An out-of-office or other automatic answer: recorded, but not engagement and not waiting for anyone. */
    record AutoReply(MessageRef message, Instant at, String key, String from, String subject) implements Signal {}

    /**
     * A bounce: {@code verdict} HARD suppresses, SOFT is counted towards
     * {@link FeedbackLog#SOFT_BOUNCES_TO_SUPPRESS}, SENDER (a refusal about the sender) is
     * recorded and counted for its run but never changes the customer. {@code reason} names it
     * ({@code userunknown}, {@code authfailure}...), {@code topic} says it in words.
     */
    record Bounce(MessageRef message, Instant at, BounceReasons.Verdict verdict, String reason, String topic, String status,
                  String diagnostic) implements Signal {
        /** A bounce known only as permanent or not, by its code. */
        public Bounce(MessageRef message, Instant at, boolean permanent, String status, String diagnostic) {
            this(message, at, permanent ? BounceReasons.Verdict.HARD : BounceReasons.Verdict.SOFT, "", "", status, diagnostic);
        }

        public boolean permanent() {
            return verdict == BounceReasons.Verdict.HARD;
        }
    }

    /** An abuse report (ARF): the customer is never mailed again. */
    record Complaint(MessageRef message, Instant at, String feedbackType) implements Signal {}
}
