package rapport.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import rapport.inbox.PollSummary;
import rapport.feedback.StagePass;

/** {@code rapport poll}: read the reply mailbox once, then let the stage rules move people. */
@Command(name = "poll", mixinStandardHelpOptions = true,
        description = "Read the reply mailbox (imap) once: replies, auto-replies, bounces (DSN), complaints (ARF) and mailto"
                + " unsubscribes are recorded and moved to imap.processed_folder; other mail is left untouched."
                + " Safe to stop and run again: no mail is recorded twice.")
final class PollCommand implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Override
    public Integer call() {
        try (Workspace ws = common.open()) {
            PollSummary s = ws.mailbox().poll();
            StagePass.Changes stages = ws.stagePass().run();
            if (common.json) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("replies", s.replies());
                json.put("bounces", s.bounces());
                json.put("unsubscribes", s.unsubscribes());
                json.put("ignored", s.ignored());
                json.put("auto_replies", s.autoReplies());
                json.put("complaints", s.complaints());
                json.put("warnings", s.warnings());
                json.put("stages", Map.of("promoted", stages.promoted(), "dormant", stages.dormant(), "woke", stages.woke()));
                Json.print(common.out(), json);
                return 0;
            }
            common.out().println(line(s));
            for (String warning : s.warnings()) common.out().println("warning: " + warning);
            if (stages.any()) common.out().println(StagesLine.of(stages));
            if (s.replies() > 0) common.out().println("`rapport replies` lists who waits for a personal answer");
            common.out().flush();
            return 0;
        }
    }

    static String line(PollSummary s) {
        return "mailbox: " + s.replies() + " replies · " + s.autoReplies() + " auto-replies · " + s.bounces() + " bounces · "
                + s.complaints() + " complaints · " + s.unsubscribes() + " unsubscribes · " + s.ignored() + " left untouched";
    }
}
