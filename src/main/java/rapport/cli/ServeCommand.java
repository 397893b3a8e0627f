package rapport.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import rapport.config.RapportConfig;
import rapport.delivery.Mailer;
import rapport.delivery.SendRun;
import rapport.delivery.SendSummary;
import rapport.inbox.Mailbox;
import rapport.inbox.PollSummary;
import rapport.schedule.PollJob;
import rapport.schedule.Recurring;
import rapport.schedule.RunJoining;
import rapport.schedule.ServeLock;
import rapport.schedule.Scheduling;
import rapport.schedule.SendJob;
import rapport.schedule.SendRuns;
import rapport.render.ConfirmationNote;
import rapport.store.ClusterStore;
import rapport.store.FeedbackStore;
import rapport.store.PollSlotStore;
import rapport.store.SignupStore;
import rapport.tracking.ConfirmationMailer;
import rapport.tracking.JoinSetup;
import rapport.feedback.Preferences;
import rapport.feedback.StagePass;
import rapport.tracking.TrackingServer;

/**
 * {@code rapport serve}: long-running. The tracking endpoints answer on {@code tracking.listen};
 * Quartz fires the weekly send and the mailbox poll; SIGTERM stops it all cleanly.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Long-running: answers the open pixel, click redirects, unsubscribe (RFC 8058), the rating and preferences pages"
                + " (and, with signup.enabled, the join and confirmation pages) on tracking.listen,"
                + " fires the weekly send on schedule.send and reads the reply mailbox on schedule.poll (when imap is set),"
                + " with the schedule kept in the database (a send missed while it was down runs once, late)."
                + " On PostgreSQL several nodes may serve together: each slot fires on one of them and every node takes part in the send;"
                + " on an embedded H2 file one serve per database."
                + " SIGTERM finishes the messages in flight, records every event received, and stops.")
final class ServeCommand implements Callable<Integer> {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", Locale.ENGLISH);
    /** How often a node looks for a send another node began, to take part in it. */
    private static final Duration JOIN_EVERY = Duration.ofSeconds(3);
    /** A process that beat this recently is alive: a send's staleness (SendOptions). */
    private static final Duration LIVE_WITHIN = Duration.ofSeconds(10);

    @Mixin CommonOptions common;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = common.out();
        try (StopSignal stop = StopSignal.install(); Workspace ws = common.open()) {
            RapportConfig config = ws.config();
            // One pool for all: the scheduler's connections and the event writer's, beyond a send's.
            ws.database(Scheduling.CONNECTIONS + 2);
            // On a database server several nodes share the schedule; an embedded file has one serve.
            boolean clustered = config.database().url().startsWith("jdbc:postgresql:");
            ClusterStore cluster = new ClusterStore(ws.database());
            RapportConfig.Schedule schedule = config.schedule();
            AtomicReference<Scheduling> running = new AtomicReference<>();
            SendRuns runs = new SendRuns() {
                @Override
                public SendRun open() {
                    return ws.freshSendRun();
                }

                @Override
                public void finished(Instant slot, SendSummary s) {
                    StagePass.Changes stages = ws.stagePass().run();
                    synchronized (out) {
                        out.printf("run %s: %s · sent %d · skipped %d · failed %d · bounced %d · still queued %d%s%n",
                                s.runId(), s.stateLabel(), s.sent(), s.skipped(), s.failed(), s.bounced(), s.waiting(),
                                s.note() == null ? "" : " · " + s.note());
                        if (s.paused()) {
                            out.printf("  the run is paused; `rapport send --as-of %s` resumes it%n",
                                    slot.atZone(schedule.timeZone()).toLocalDate());
                        }
                        if (stages.any()) out.println("  " + StagesLine.of(stages));
                        Scheduling scheduling = running.get();
                        if (scheduling != null) out.println(nextSend(scheduling, schedule));
                        out.flush();
                    }
                }

                @Override
                public Optional<Instant> inProgress() {
                    return cluster.runInProgress(Clock.systemUTC().instant().minus(LIVE_WITHIN));
                }
            };
            RunJoining joining = new RunJoining(runs);
            List<Recurring> jobs = new ArrayList<>(List.of(SendJob.recurring(schedule, runs, joining)));
            if (config.imap().isPresent()) {
                Mailbox mailbox = ws.mailbox();
                jobs.add(PollJob.recurring(schedule, () -> {
                    PollSummary polled = mailbox.poll();
                    StagePass.Changes stages = ws.stagePass().run();
                    if (polled.recorded() == 0 && !stages.any()) return;
                    synchronized (out) {
                        out.println(PollCommand.line(polled));
                        if (stages.any()) out.println("  " + StagesLine.of(stages));
                        out.flush();
                    }
                }, new PollSlotStore(ws.database()), ws.clock()));
            }
            List<String> offered = Preferences.offered(config.signup().interests(),
                    ws.catalog().pieces().stream().flatMap(p -> p.interests().stream()).toList(), List.of());
            TrackingServer.Options options = TrackingServer.Options.defaults().withSenderName(config.sender().name()).withInterests(offered)
                    .withTrustedProxies(config.tracking().trustedProxies());
            // Taken first, the serve lock of an embedded file: a second serve stops before it binds
            // the port or fires anything. Closed in reverse: a send joined from another node stops,
            // the scheduler's jobs finish, the endpoints flush their queued events, the confirmation
            // notes queued go out, the lock is let go, and the workspace closes the database.
            try (ServeLock lock = clustered ? null : ServeLock.take(cluster, config.database().url(), Clock.systemUTC());
                 JoinPages signups = JoinPages.of(ws, offered);
                 TrackingServer tracking = TrackingServer.start(config.tracking().listenHost(), config.tracking().listenPort(),
                    ws.tokens(), new FeedbackStore(ws.database(), ws.clock()),
                    ws.database()::answers, ws.clock(), signups.setup().map(options::withJoin).orElse(options));
                 Scheduling scheduling = Scheduling.open(ws.database().dataSource(), jobs, clustered);
                 RunJoining joined = joining.lookEvery(clustered ? JOIN_EVERY : Duration.ZERO)) {
                running.set(scheduling);
                scheduling.start();
                out.printf("node %s (process %d)%s%n", scheduling.nodeId(), ProcessHandle.current().pid(),
                        clustered ? ": the schedule is shared with every serve on this database" : "");
                out.printf("tracking endpoints on http://%s:%d (public as %s)%n", config.tracking().listenHost(), tracking.port(),
                        config.tracking().baseUrl());
                signups.setup().ifPresent(j -> out.printf("join page on %s/join (signup.enabled)%n", config.tracking().baseUrl()));
                out.println(config.imap().map(i -> "mailbox " + i.username() + " on " + i.host() + ":" + i.port()
                        + " read on schedule.poll \"" + schedule.poll() + "\"").orElse("no imap section: the mailbox is not read"));
                out.println(nextSend(scheduling, schedule) + "; SIGTERM or Ctrl-C stops");
                out.flush();
                stop.await();
                common.err().println("rapport: stopping; the messages in flight finish, the rest stay queued");
                common.err().flush();
            }
        }
        return 0;
    }

    /** The join and confirmation pages when {@code signup.enabled}, with the queue their notes wait in; nothing otherwise. */
    private record JoinPages(Optional<JoinSetup> setup, ConfirmationMailer notes) implements AutoCloseable {
        static JoinPages of(Workspace ws, List<String> offered) {
            RapportConfig config = ws.config();
            if (!config.signup().enabled()) return new JoinPages(Optional.empty(), null);
            ZoneId zone = config.schedule().timeZone();
            String replyTo = config.sender().replyTo();
            ConfirmationMailer notes = new ConfirmationMailer(new ConfirmationNote(config.workspace().resolve("templates"), config.sender(), zone),
                    Mailer.of(config), ws.tokens(), config.tracking().baseUrl(), replyTo.substring(replyTo.lastIndexOf('@') + 1),
                    ws.clock());
            return new JoinPages(Optional.of(new JoinSetup(new SignupStore(ws.database()), notes::send, offered,
                    config.signup().confirmWithinDays(), config.stageNames().get(0), zone)), notes);
        }

        @Override
        public void close() {
            if (notes != null) notes.close();
        }
    }

    private static String nextSend(Scheduling scheduling, RapportConfig.Schedule schedule) {
        ZoneId zone = schedule.timeZone();
        return scheduling.nextFire(SendJob.NAME)
                .map(at -> "next send " + WHEN.format(at.atZone(zone)) + " " + zone + " (schedule.send \"" + schedule.send() + "\")")
                .orElse("no further send: schedule.send \"" + schedule.send() + "\" names no time to come");
    }
}
