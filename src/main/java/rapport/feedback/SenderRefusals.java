package rapport.feedback;

/**
 * When refusals about the sender pile up in a run, and what the pause then says. A refusal
 * about the sender (a DKIM mistake answered 5.7.26, a block-listed IP, spam or policy filters)
 * never suppresses the customer, so nothing else would stop a run from being refused by one
 * provider after another: the run pauses instead, with the reason and what to check. They pile
 * up at {@value #AT_LEAST} refusals that are also at least {@value #PERCENT}% of the notes the run
 * tried, so a large run is not paused by one provider's stray rule. Stateless.
 */
public final class SenderRefusals {
    /** Refusals about the sender a run takes before it may pause. */
    public static final int AT_LEAST = 10;
    /** And their share of the notes tried, in percent. */
    public static final int PERCENT = 2;
    private static final BounceReasons REASONS = BounceReasons.standard();

    private SenderRefusals() {}

    /** Whether {@code refusals} refusals about the sender among {@code tried} notes are enough to pause the run. */
    public static boolean pileUp(int refusals, int tried) {
        return refusals >= AT_LEAST && (long) refusals * 100 >= (long) PERCENT * tried;
    }

    /**
     * What the paused run says, e.g. "12 refusals about the sender (authentication: 550 5.7.26
     * …): check your DKIM/SPF/DMARC setup; the customers stay active".
     */
    public static String note(int refusals, BounceReasons.Reason reason, String example) {
        String shown = example.length() <= 120 ? example : example.substring(0, 119) + "…";
        String advice = reason.advice().isBlank() ? "check how the notes are sent" : reason.advice();
        return refusals + " refusals about the sender (" + reason.topic() + ": " + shown + "): " + advice
                + "; the customers stay active" + CHECK_COMMAND;
    }

    /** As {@link #note}, for a refusal at send time known by the server's words ("550 5.7.26 ..."). */
    public static String pauseNote(int refusals, String said) {
        String words = said.replaceFirst("^refused about the sender \\([^)]*\\): ", "");
        BounceReasons.Reason reason = REASONS.classify(BounceReasons.codeInReply(words), words);
        return note(refusals, reason, words);
    }

    /**
     * Appended to every pause note: where a command that checks the sending setup (DNS records,
     * DKIM, SPF, PTR) will be named once Rapport has one; empty until then.
     */
    private static final String CHECK_COMMAND = "";
}
