package rapport.feedback;

/**
 * How a bounce reads on a customer's timeline: permanent, temporary, or refused about the sender,
 * with its code, the server's words and its reason. Stateless.
 */
public final class BounceWords {
    private BounceWords() {}

    /** "permanent 5.1.1: user unknown …", "temporary 4.2.2: …", "refused about the sender (authentication) 5.7.26: …". */
    public static String describe(Signal.Bounce b) {
        String head = switch (b.verdict()) {
            case HARD -> "permanent " + b.status();
            case SENDER -> "refused about the sender (" + b.topic() + ") " + b.status();
            default -> "temporary " + b.status();
        };
        String diagnostic = b.diagnostic() == null || b.diagnostic().isBlank() ? "" : ": " + b.diagnostic();
        String reason = b.verdict() == BounceReasons.Verdict.SENDER || b.topic() == null || b.topic().isBlank()
                ? "" : " (" + b.topic() + ")";
        return head + diagnostic + reason;
    }
}
