package rapport.delivery;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a run did: the counts every summary prints, why customers were skipped or not due, and
 * whether the run finished or paused (and why). Immutable.
 *
 * @param state    the run's state; null for a dry run
 * @param due      customers due in this run: a ledger row each
 * @param pieces   for a dry run, how many would get each piece
 */
public record SendSummary(String runId, RunState state, boolean dryRun, int due, int sent, int skipped, int failed,
                          int bounced, int waiting, int notDue, Map<String, Integer> pieces,
                          Map<String, Integer> skippedBy, Map<String, Integer> notDueBy, String note,
                          double seconds) {

    static SendSummary dryRun(String runId, int due, Map<String, Integer> pieces, Map<String, Integer> skipped,
                              Map<String, Integer> notDue, double seconds) {
        return new SendSummary(runId, null, true, due, 0, sum(skipped), 0, 0, 0, sum(notDue), pieces, skipped, notDue,
                null, seconds);
    }

    static SendSummary of(Ledger.Run run, Map<DeliveryState, Integer> counts, Map<String, Integer> skipReasons,
                          String note, double seconds) {
        int waiting = 0;
        for (DeliveryState s : DeliveryState.values()) if (s.waiting()) waiting += counts.getOrDefault(s, 0);
        return new SendSummary(run.id(), run.state(), false, counts.values().stream().mapToInt(Integer::intValue).sum(),
                counts.getOrDefault(DeliveryState.SENT, 0), counts.getOrDefault(DeliveryState.SKIPPED, 0),
                counts.getOrDefault(DeliveryState.FAILED, 0), counts.getOrDefault(DeliveryState.BOUNCED, 0), waiting,
                sum(run.notDue()), new LinkedHashMap<>(), skipReasons, run.notDue(), note, seconds);
    }

    /** The state as summaries print it: the run's, or "dry-run". */
    public String stateLabel() {
        return dryRun ? "dry-run" : state.label();
    }

    public boolean paused() {
        return state == RunState.PAUSED;
    }

    private static int sum(Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }
}
