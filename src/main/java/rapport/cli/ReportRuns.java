package rapport.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import rapport.store.ClusterStore.NodeProgress;
import rapport.store.ClusterStore.RunProgress;

/**
 * The report's part on runs shared by several nodes of {@code serve}: for each run of the
 * report's weeks, what each process sent, failed, skipped and still holds, and what waits for
 * any of them. The JSON lists every run; the text and the page only runs more than one node
 * worked on, so a shop with one node sees nothing new. Stateless.
 */
final class ReportRuns {
    private ReportRuns() {}

    /** The runs more than one node worked on: what the text and the page show. */
    static List<RunProgress> shared(List<RunProgress> runs) {
        return runs.stream().filter(r -> r.nodes().size() > 1).toList();
    }

    static void print(PrintWriter out, List<RunProgress> runs) {
        List<RunProgress> shared = shared(runs);
        if (shared.isEmpty()) return;
        out.println("Runs by node (runs that more than one node worked on)");
        int width = shared.stream().flatMap(r -> r.nodes().stream()).mapToInt(n -> n.process().length()).max().orElse(0);
        String row = "    %-" + Math.max(width, "node".length()) + "s %7s %7s %7s %7s%n";
        for (RunProgress run : shared) {
            out.printf("  run %s (%s)%s%n", run.runId(), run.state(), run.waiting() > 0 ? ", " + run.waiting() + " waiting for any node" : "");
            out.printf(row, "node", "sent", "failed", "skipped", "claimed");
            for (NodeProgress n : run.nodes()) out.printf(row, n.process(), n.sent(), n.failed(), n.skipped(), n.claimed());
        }
    }

    static List<Map<String, Object>> json(List<RunProgress> runs) {
        return runs.stream().map(run -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("run_id", run.runId());
            m.put("as_of", run.asOf().toString());
            m.put("state", run.state());
            m.put("waiting", run.waiting());
            m.put("nodes", run.nodes().stream().map(n -> {
                Map<String, Object> node = new LinkedHashMap<>();
                node.put("process", n.process());
                node.put("sent", n.sent());
                node.put("failed", n.failed());
                node.put("skipped", n.skipped());
                node.put("claimed", n.claimed());
                return node;
            }).toList());
            return m;
        }).toList();
    }
}
