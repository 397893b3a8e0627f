package rapport.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import rapport.config.RapportConfig;
import rapport.delivery.SendRun;
import rapport.delivery.SendSummary;
import rapport.schedule.Scheduling;
import rapport.schedule.SendJob;
import rapport.schedule.SendRuns;

/** {@code rapport serve}: long-running; Quartz fires the weekly send until SIGTERM. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Long-running: fires the weekly send on schedule.send, with the schedule kept in the database"
                + " (a send missed while it was down runs once, late). SIGTERM finishes the messages in flight and stops."
                + " The mailbox poll and the tracking endpoints are not yet available.")
final class ServeCommand implements Callable<Integer> {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", Locale.ENGLISH);

    @Mixin CommonOptions common;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = common.out();
        try (StopSignal stop = StopSignal.install(); Workspace ws = common.open()) {
            RapportConfig.Schedule schedule = ws.config().schedule();
            AtomicReference<Scheduling> running = new AtomicReference<>();
            SendRuns runs = new SendRuns() {
                @Override
                public SendRun open() {
                    return ws.freshSendRun();
                }

                @Override
                public void finished(Instant slot, SendSummary s) {
                    out.printf("run %s: %s · sent %d · skipped %d · failed %d · bounced %d · still queued %d%s%n",
                            s.runId(), s.state(), s.sent(), s.skipped(), s.failed(), s.bounced(), s.waiting(),
                            s.note() == null ? "" : " · " + s.note());
                    if (s.paused()) {
                        out.printf("  the run is paused; `rapport send --as-of %s` resumes it%n",
                                slot.atZone(schedule.timeZone()).toLocalDate());
                    }
                    Scheduling scheduling = running.get();
                    if (scheduling != null) out.println(nextSend(scheduling, schedule));
                    out.flush();
                }
            };
            // Closed before the workspace (and so the database): running jobs finish first.
            try (Scheduling scheduling = Scheduling.open(ws.database(Scheduling.CONNECTIONS).dataSource(),
                    List.of(SendJob.recurring(schedule, runs)))) {
                running.set(scheduling);
                scheduling.start();
                out.println(nextSend(scheduling, schedule) + "; SIGTERM or Ctrl-C stops");
                out.flush();
                stop.await();
                common.err().println("rapport: stopping; the messages in flight finish, the rest stay queued");
                common.err().flush();
            }
        }
        return 0;
    }

    private static String nextSend(Scheduling scheduling, RapportConfig.Schedule schedule) {
        ZoneId zone = schedule.timeZone();
        return scheduling.nextFire(SendJob.NAME)
                .map(at -> "next send " + WHEN.format(at.atZone(zone)) + " " + zone + " (schedule.send \"" + schedule.send() + "\")")
                .orElse("no further send: schedule.send \"" + schedule.send() + "\" names no time to come");
    }
}
