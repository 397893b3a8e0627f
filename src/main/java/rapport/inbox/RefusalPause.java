package rapport.inbox;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import rapport.feedback.FeedbackLog;
import rapport.feedback.SenderRefusals;

/**
 * After a poll, the runs whose refusals about the sender piled up ({@link SenderRefusals}):
 * each is paused (a finished one keeps the reason as its note) with the reason most of this
 * poll's refusals gave and one of them as the example. Stateless.
 */
final class RefusalPause {
    private static final Logger LOG = LoggerFactory.getLogger(RefusalPause.class);

    private RefusalPause() {}

    /**
     * Pauses each run whose refusals about the sender piled up with this poll, with what to check
     * (the most frequent reason of this poll's refusals, and an example); the warnings to show.
     */
    static List<String> pauseWherePiledUp(FeedbackLog log, Map<String, List<Inbound.Bounce>> refusals) {
        List<String> warnings = new ArrayList<>();
        for (Map.Entry<String, List<Inbound.Bounce>> run : refusals.entrySet()) {
            FeedbackLog.RunRefusals counted = log.senderRefusals(run.getKey());
            if (!SenderRefusals.pileUp(counted.refusals(), counted.sent())) continue;
            Map<String, List<Inbound.Bounce>> byReason = new HashMap<>();
            for (Inbound.Bounce b : run.getValue()) byReason.computeIfAbsent(b.reason().name(), r -> new ArrayList<>()).add(b);
            Inbound.Bounce example = byReason.values().stream().max(Comparator.comparingInt(List::size)).orElseThrow().get(0);
            String note = SenderRefusals.note(counted.refusals(), example.reason(), (example.status() + " " + example.diagnostic()).trim());
            log.pauseForSender(run.getKey(), note);
            String warning = "run " + run.getKey() + ": " + note;
            LOG.warn(warning);
            warnings.add(warning);
        }
        return warnings;
    }

}
