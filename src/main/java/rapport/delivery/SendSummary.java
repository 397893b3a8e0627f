package rapport.delivery;

import java.util.Map;

/**
 * What a run did: the counts every summary prints, why customers were skipped or not due, and
 * whether the run finished or paused (and why). Immutable.
 *
 * @param due      customers due in this run: a ledger row each
 * @param pieces   for a dry run, how many would get each piece; else how many got each piece
 */
public record SendSummary(String runId, String state, boolean dryRun, int due, int sent, int skipped, int failed,
                          int bounced, int waiting, int notDue, Map<String, Integer> pieces,
                          Map<String, Integer> skippedBy, Map<String, Integer> notDueBy, String note,
                          double seconds) {

    public boolean paused() {
        return "paused".equals(state);
    }
}
