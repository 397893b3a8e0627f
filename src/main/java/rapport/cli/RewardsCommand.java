package rapport.cli;

import java.io.PrintWriter;
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
import picocli.CommandLine.Parameters;
import rapport.club.ReferralRules;
import rapport.club.Rewards;

/**
 * {@code rapport rewards}: what friends bringing friends earned, waiting for the owner's yes or
 * no, and the referrals held because they might not be real. An approved reward goes to the
 * inviter in the next send.
 */
@Command(name = "rewards", mixinStandardHelpOptions = true,
        description = "Referral rewards earned and referrals held for you, newest first: who, milestone, piece, state,"
                + " and why a referral is held. `rewards approve ID` sends the reward to the inviter in the next send"
                + " (or lets a held referral count); `rewards decline ID` closes it.",
        subcommands = {RewardsCommand.Approve.class, RewardsCommand.Decline.class})
final class RewardsCommand implements Callable<Integer> {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ENGLISH);

    @Mixin CommonOptions common;

    @Override
    public Integer call() {
        try (Workspace ws = common.open()) {
            Rewards rewards = ws.rewards();
            // A reward whose piece went out since it was approved reads as sent, even before the next stage pass.
            rewards.settleSent(ws.clock().instant());
            List<Rewards.Entry> all = rewards.list();
            PrintWriter out = common.out();
            if (common.json) {
                Json.print(out, Map.of("rewards", all.stream().map(RewardsCommand::json).toList()));
                return 0;
            }
            if (all.isEmpty()) out.println("No rewards yet: they come when invited friends have stayed "
                    + ws.config().referrals().countAfterDays() + " days.");
            ZoneId zone = ws.config().schedule().timeZone();
            for (Rewards.Entry e : all) print(out, e, zone);
            if (all.stream().anyMatch(e -> e.state().equals("waiting") || e.state().equals("held"))) {
                out.println("Decide with: rapport rewards approve ID   or   rapport rewards decline ID");
            }
            out.flush();
            return 0;
        }
    }

    static void print(PrintWriter out, Rewards.Entry e, ZoneId zone) {
        String milestone = e.at() == null ? "-" : e.at() + (e.at() == 1 ? " friend" : " friends");
        out.printf("#%d  %s  %s  %s  %s  %s%n", e.id(), WHEN.format(e.createdAt().atZone(zone)), e.email(), milestone,
                e.piece() == null ? "(no reward at this count)" : e.piece(), e.state());
        if (e.reason() != null) out.printf("    %s: %s%n", e.state().equals("held") ? "held" : "was held", e.reason());
    }

    static Map<String, Object> json(Rewards.Entry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("email", e.email());
        m.put("at", e.at());
        m.put("piece", e.piece());
        m.put("state", e.state());
        if (e.reason() != null) m.put("reason", e.reason());
        m.put("created_at", e.createdAt().toString());
        m.put("decided_at", e.decidedAt() == null ? null : e.decidedAt().toString());
        m.put("sent_at", e.sentAt() == null ? null : e.sentAt().toString());
        return m;
    }

    /** What {@code approve} and {@code decline} share: the number, the decision, its answer. */
    abstract static class Decide implements Callable<Integer> {
        @Mixin CommonOptions common;

        @Parameters(paramLabel = "ID", description = "The reward's number, as `rapport rewards` shows it.")
        long id;

        abstract Rewards.Decision decide(Workspace ws, Instant now);

        abstract String done(Rewards.Entry entry);

        @Override
        public Integer call() {
            try (Workspace ws = common.open()) {
                Rewards.Decision decision = decide(ws, ws.clock().instant());
                if (decision instanceof Rewards.Decision.Refused refused) throw new UsageException(refused.reason());
                Rewards.Entry entry = ((Rewards.Decision.Done) decision).entry();
                if (common.json) {
                    Json.print(common.out(), json(entry));
                } else {
                    print(common.out(), entry, ws.config().schedule().timeZone());
                    common.out().println(done(entry));
                }
                common.out().flush();
                return 0;
            }
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = "Approve reward ID: its piece goes to the inviter in the next send, whatever their cadence and the"
                    + " piece's stages, within the hard cap. For a held referral: let it count.")
    static final class Approve extends Decide {
        @Override
        Rewards.Decision decide(Workspace ws, Instant now) {
            return ws.rewards().approve(id, now, ReferralRules.from(ws.config().referrals()));
        }

        @Override
        String done(Rewards.Entry e) {
            return e.piece() == null ? "Approved: the friend counts for " + e.email() + "."
                    : "Approved: " + e.piece() + " goes to " + e.email() + " in the next send.";
        }
    }

    @Command(name = "decline", mixinStandardHelpOptions = true,
            description = "Decline reward ID: nothing is sent. For a held referral: it does not count.")
    static final class Decline extends Decide {
        @Override
        Rewards.Decision decide(Workspace ws, Instant now) {
            return ws.rewards().decline(id, now);
        }

        @Override
        String done(Rewards.Entry e) {
            return "Declined: nothing goes to " + e.email() + " for it.";
        }
    }
}
