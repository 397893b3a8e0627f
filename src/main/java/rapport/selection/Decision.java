package rapport.selection;

import java.util.List;
import java.util.Optional;

/**
 * The selector's answer for one customer at one moment: due or not, the chosen piece (only when
 * due and something is eligible), and every piece with its reason, best first.
 */
public record Decision(Due due, Optional<String> chosen, String effectiveStage, List<Candidate> candidates) {

    /** Why nothing goes out, or empty when a piece was chosen. */
    public Optional<String> skipReason() {
        if (!due.due()) return Optional.of(due.reason());
        if (chosen.isEmpty()) return Optional.of("nothing eligible: every piece was ruled out");
        return Optional.empty();
    }
}
