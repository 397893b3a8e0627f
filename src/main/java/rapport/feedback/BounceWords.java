package rapport.feedback;

/**
 * How bounces and refusals read for a person: on a customer's timeline, and in the warning a run
 * gets when refusals about the sender pile up. One place, so the poll, the send and the report
 * say the same thing. Stateless.
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

    /**
     * Why a run is paused by refusals about the sender: how many, the reason and example of the
     * most common one, and what to check, e.g. "12 refusals about the sender (authentication:
     * 5.7.26 …): check your DKIM/SPF/DMARC setup; the customers stay active".
     */
    public static String pileUp(int count, BounceReasons.Reason reason, String example) {
        String shown = example.length() <= 120 ? example : example.substring(0, 119) + "…";
        String advice = reason.advice().isBlank() ? "check how the notes are sent" : reason.advice();
        return count + " refusals about the sender (" + reason.topic() + ": " + shown + "): " + advice
                + "; the customers stay active" + CHECK_COMMAND;
    }

    /** Where a later command that checks the sending setup (a "doctor") is named; empty until it exists. */
    private static final String CHECK_COMMAND = "";
}
