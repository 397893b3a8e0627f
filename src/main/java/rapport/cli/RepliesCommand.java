package rapport.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import rapport.feedback.ReplyEntry;
import rapport.store.ReplyStore;

/** {@code rapport replies}: the people who wrote to us and wait for a personal answer. */
@Command(name = "replies", mixinStandardHelpOptions = true,
        description = "Replies that still want a personal answer, newest first; with --all, every reply, answered or not."
                + " A customer waiting for an answer gets no automated note until it is marked answered.",
        subcommands = RepliesCommand.Answered.class)
final class RepliesCommand implements Callable<Integer> {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", Locale.ENGLISH);

    @Mixin CommonOptions common;

    @Option(names = "--all", description = "Every reply, answered or not, newest first (at most --limit).")
    boolean all;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "200", description = "With --all: at most N replies.")
    int limit;

    @Override
    public Integer call() {
        try (Workspace ws = common.open()) {
            Instant now = ws.clock().instant();
            ZoneId zone = ws.config().schedule().timeZone();
            List<ReplyEntry> replies = all ? new ReplyStore(ws.database()).all(limit) : new ReplyStore(ws.database()).waiting();
            if (common.json) {
                Json.print(common.out(), replies.stream().map(r -> json(r, now)).toList());
                return 0;
            }
            var out = common.out();
            if (replies.isEmpty()) {
                out.println(all ? "No replies yet." : "Nobody is waiting for an answer.");
            }
            for (ReplyEntry r : replies) {
                out.printf("#%d  %s  %s <%s>  %s%n", r.id(), WHEN.format(r.receivedAt().atZone(zone)),
                        r.name().isEmpty() ? "-" : r.name(), r.email(),
                        r.waiting() ? "waiting " + waited(r.receivedAt(), now) : "answered " + WHEN.format(r.answeredAt().atZone(zone)));
                out.printf("    %s%n", r.subject() == null ? "(no subject)" : r.subject());
                if (r.snippet() != null && !r.snippet().isBlank()) out.printf("    \"%s\"%n", r.snippet());
            }
            if (!all && !replies.isEmpty()) out.println("Answer them personally, then: rapport replies answered ID");
            out.flush();
            return 0;
        }
    }

    private static Map<String, Object> json(ReplyEntry r, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("email", r.email());
        m.put("name", r.name());
        m.put("received_at", r.receivedAt().toString());
        m.put("from", r.from());
        m.put("subject", r.subject());
        m.put("snippet", r.snippet());
        m.put("waiting", r.waiting());
        m.put("waiting_hours", r.waiting() ? Duration.between(r.receivedAt(), now).toHours() : null);
        m.put("answered_at", r.answeredAt() == null ? null : r.answeredAt().toString());
        return m;
    }

    private static String waited(Instant since, Instant now) {
        Duration d = Duration.between(since, now);
        if (d.toDays() >= 1) return d.toDays() + (d.toDays() == 1 ? " day" : " days");
        return Math.max(0, d.toHours()) + " h";
    }

    @Command(name = "answered", mixinStandardHelpOptions = true,
            description = "Mark a reply answered (you wrote back personally); automated notes resume for that customer.")
    static final class Answered implements Callable<Integer> {
        @Mixin CommonOptions common;

        @Parameters(paramLabel = "ID", description = "The reply's number, as `rapport replies` shows it.")
        long id;

        @Override
        public Integer call() {
            try (Workspace ws = common.open()) {
                ReplyStore.Answered result = new ReplyStore(ws.database()).answer(id, ws.clock().instant());
                if (result == ReplyStore.Answered.NO_SUCH_REPLY) throw new UsageException("no reply #" + id + " (see `rapport replies --all`)");
                String said = result == ReplyStore.Answered.ANSWERED ? "marked answered" : "was already answered";
                if (common.json) Json.print(common.out(), Map.of("id", id, "answered", true, "changed", result == ReplyStore.Answered.ANSWERED));
                else common.out().printf("reply #%d %s%n", id, said);
                common.out().flush();
                return 0;
            }
        }
    }
}
