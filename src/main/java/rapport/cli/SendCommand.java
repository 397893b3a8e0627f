package rapport.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import rapport.delivery.DeliveryState;
import rapport.delivery.SendRun;
import rapport.delivery.SendSummary;
import rapport.feedback.StagePass;
import rapport.store.ClusterStore;

/** {@code rapport send}: one batch run now, what cron calls. */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = "One batch run now (what cron calls): plan every due customer, render, send, record; a summary at the end.")
final class SendCommand implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--dry-run", description = "Plan and render every note: how many would get each piece, how many are skipped and why (a note that cannot be rendered included). Writes and sends nothing.")
    boolean dryRun;

    /** The run of the as-of day resumes if it exists. */
    @Mixin AsOfOption asOf;

    @Option(names = "--limit", paramLabel = "N", description = "Send at most N messages now; the rest stay queued for the next send.")
    int limit;

    @Override
    public Integer call() throws InterruptedException {
        if (limit < 0) throw new UsageException("--limit must be 0 or more");
        try (Workspace ws = common.open(asOf)) {
            Instant when = ws.clock().instant();
            SendRun run = ws.sendRun(limit);
            if (dryRun) {
                print(ws, run.dryRun(when), null);
                return 0;
            }
            SendSummary summary;
            AtomicBoolean signalled = new AtomicBoolean();
            try (StopSignal stop = StopSignal.install()) {
                // SIGTERM: finish the messages in flight, hand back the rest, then return normally.
                Thread watcher = new Thread(() -> {
                    try {
                        stop.await();
                        signalled.set(true);
                        run.stop();
                    } catch (InterruptedException done) {
                        Thread.currentThread().interrupt();
                    }
                }, "rapport-stop-watcher");
                watcher.setDaemon(true);
                watcher.start();
                try (Progress progress = Progress.forTerminal(common.err(), !common.json)) {
                    summary = run.run(when, progress);
                } finally {
                    watcher.interrupt();
                }
            }
            if (signalled.get()) common.err().println("rapport: stopped on request; what was not sent stays queued for the next send");
            print(ws, summary, ws.stagePass().run());
            return summary.paused() || signalled.get() ? Failures.FAILED : 0;
        }
    }

    /** The run's progress per process that took part: what each recorded as sent, and as failed or bounced. */
    private static List<Map<String, Object>> nodes(Workspace ws, String runId) {
        List<Map<String, Object>> out = new ArrayList<>();
        new ClusterStore(ws.database()).byProcess(runId).forEach((process, counts) -> {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("process", process);
            node.put("sent", counts.getOrDefault(DeliveryState.SENT, 0));
            node.put("failed", counts.getOrDefault(DeliveryState.FAILED, 0) + counts.getOrDefault(DeliveryState.BOUNCED, 0));
            out.add(node);
        });
        return out;
    }

    private void print(Workspace ws, SendSummary s, StagePass.Changes stages) {
        PrintWriter out = common.out();
        String outbox = ws.config().smtp().host().isEmpty() && !s.dryRun() ? ws.config().smtp().outbox().toString() : null;
        if (common.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("run_id", s.runId());
            json.put("state", s.stateLabel());
            json.put("dry_run", s.dryRun());
            json.put("due", s.due());
            json.put("sent", s.sent());
            json.put("skipped", s.skipped());
            json.put("failed", s.failed());
            json.put("bounced", s.bounced());
            json.put("waiting", s.waiting());
            json.put("not_due", s.notDue());
            if (s.dryRun()) json.put("pieces", s.pieces());
            json.put("skipped_by", s.skippedBy());
            json.put("not_due_by", s.notDueBy());
            json.put("note", s.note());
            json.put("seconds", Math.round(s.seconds() * 1000) / 1000.0);
            json.put("outbox", outbox);
            if (stages != null) json.put("stages", Map.of("promoted", stages.promoted(), "dormant", stages.dormant(), "woke", stages.woke()));
            if (!s.dryRun()) json.put("nodes", nodes(ws, s.runId()));
            Json.print(out, json);
            return;
        }
        out.printf("run %s: %s in %.1f s%n", s.runId(), s.dryRun() ? "dry run, nothing written or sent" : s.stateLabel(), s.seconds());
        if (s.dryRun()) {
            out.printf("  due %d · would send %d · skipped %d · not due %d%n", s.due(), s.due() - s.skipped(), s.skipped(), s.notDue());
            s.pieces().forEach((piece, n) -> out.printf("  %6d  %s%n", n, piece));
        } else {
            out.printf("  due %d · sent %d · skipped %d · failed %d · bounced %d · still queued %d · not due %d%n",
                    s.due(), s.sent(), s.skipped(), s.failed(), s.bounced(), s.waiting(), s.notDue());
        }
        s.skippedBy().forEach((why, n) -> out.printf("  skipped %d: %s%n", n, why));
        s.notDueBy().forEach((why, n) -> out.printf("  not due %d: %s%n", n, why));
        if (!s.dryRun()) {
            List<Map<String, Object>> nodes = nodes(ws, s.runId());
            // One line per process only when several shared the run (nodes of a cluster, or sends side by side).
            if (nodes.size() > 1) nodes.forEach(n -> out.printf("  process %s: sent %d · failed %d%n", n.get("process"), n.get("sent"), n.get("failed")));
        }
        if (s.note() != null) out.printf("  %s%n", s.note());
        if (stages != null && stages.any()) out.println("  " + StagesLine.of(stages));
        if (s.paused()) out.println("  the run is paused; `rapport send` again resumes it where it stopped");
        if (outbox != null && s.sent() > 0) out.printf("  messages are in %s (open the .eml files with a mail app)%n", outbox);
        out.flush();
    }
}
