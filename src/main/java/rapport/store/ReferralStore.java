package rapport.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import rapport.club.ReferralCheck;
import rapport.club.ReferralRules;
import rapport.club.Rewards;
import rapport.config.RapportConfig;
import rapport.customer.Status;

/**
 * Invited friends waiting to count, and the owner's list of rewards and held referrals. Every
 * call is one transaction, so a friend is never counted without the event that says so, nor a
 * reward approved without its event. Thread-safe: every call borrows its own connection.
 */
public final class ReferralStore implements Rewards {
    private static final Sql SQL = Sql.load("/rapport/store/referrals.sql");
    /** The window either side of a signup in which others from its client address make a burst. */
    private static final Duration BURST_WINDOW = Duration.ofDays(1);

    private final Database db;

    public ReferralStore(Database db) {
        this.db = db;
    }

    private record Due(ReferralCheck.Friend friend, long friendId, String friendName) {}

    @Override
    public Tally count(Instant now, ReferralRules rules) {
        return Jdbc.transactionWithOutcome(db, "count referrals", c -> {
            List<Due> due = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement(SQL.get("due"))) {
                Jdbc.setInstant(st, 1, rules.confirmedBy(now));
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) due.add(due(c, rs));
                }
            }
            int counted = 0;
            int held = 0;
            int lapsed = 0;
            int earned = 0;
            for (Due d : due) {
                ReferralCheck.Friend f = d.friend();
                ReferralCheck.Verdict verdict = rules.judge(f);
                if (verdict instanceof ReferralCheck.Verdict.Counts) {
                    counted++;
                    if (countOne(c, f.inviterId(), f.referralId(), now, rules,
                            who(d) + " joined through your invitation and stayed " + rules.countAfterDays() + " days")) {
                        earned++;
                    }
                } else if (verdict instanceof ReferralCheck.Verdict.Held h) {
                    held++;
                    exec(c, "decide-referral", "held", h.reason(), now, f.referralId());
                    int wouldBe = countOf(c, f.inviterId()) + 1;
                    exec(c, "add-reward", f.inviterId(), f.referralId(), wouldBe,
                            rules.milestone(wouldBe).map(RapportConfig.Reward::piece).orElse(null), "held", h.reason(), now);
                } else if (verdict instanceof ReferralCheck.Verdict.Lapsed l) {
                    lapsed++;
                    exec(c, "decide-referral", "lapsed", l.reason(), now, f.referralId());
                }
            }
            return new Tally(counted, held, lapsed, earned);
        });
    }

    private static Due due(Connection c, ResultSet rs) throws SQLException {
        String client = rs.getString("client_address");
        Instant signupAt = Jdbc.instant(rs, "signup_at");
        int burst = 0;
        if (client != null && signupAt != null) {
            try (PreparedStatement st = c.prepareStatement(SQL.get("from-client"))) {
                Jdbc.bind(st, client, signupAt.minus(BURST_WINDOW), signupAt.plus(BURST_WINDOW));
                try (ResultSet n = st.executeQuery()) {
                    n.next();
                    burst = n.getInt(1);
                }
            }
        }
        String prior = rs.getString("prior");
        ReferralCheck.Friend friend = new ReferralCheck.Friend(rs.getLong("id"), rs.getLong("inviter_id"),
                rs.getString("inviter_email"), rs.getString("friend_email"), Status.fromLabel(rs.getString("friend_status")),
                prior == null ? null : Status.fromLabel(prior), client, burst);
        return new Due(friend, rs.getLong("friend_id"), rs.getString("friend_name"));
    }

    private static String who(Due d) {
        String email = d.friend().friendEmail();
        return d.friendName() == null || d.friendName().isBlank() ? email : d.friendName() + " (" + email + ")";
    }

    /**
     * One more friend for the inviter: the count, the {@code referral} event, and a reward waiting
     * when the new count is a milestone (true then).
     */
    private static boolean countOne(Connection c, long inviter, long referral, Instant now, ReferralRules rules, String why)
            throws SQLException {
        exec(c, "one-more", now, inviter);
        int count = countOf(c, inviter);
        exec(c, "decide-referral", "counted", null, now, referral);
        exec(c, "event", inviter, "referral", now, null, why + ": " + friends(count) + " counted");
        Optional<RapportConfig.Reward> milestone = rules.milestone(count);
        if (milestone.isEmpty()) return false;
        String piece = milestone.get().piece();
        exec(c, "add-reward", inviter, referral, count, piece, "waiting", null, now);
        exec(c, "event", inviter, "reward", now, piece, "earned " + piece + " at " + friends(count)
                + ": waiting for the owner's approval (rapport rewards)");
        return true;
    }

    private static String friends(int n) {
        return n + (n == 1 ? " friend" : " friends");
    }

    private static int countOf(Connection c, long customer) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(SQL.get("count-of"))) {
            st.setLong(1, customer);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    @Override
    public Decision approve(long id, Instant now, ReferralRules rules) {
        return Jdbc.transactionWithOutcome(db, "approve a reward", c -> {
            Locked w = lock(c, id);
            if (w == null) return new Decision.Refused("there is no reward " + id + " (see rapport rewards)");
            long customer = w.customer();
            int at;
            String piece;
            if (w.state().equals("waiting")) {
                at = w.at();
                piece = w.piece();
            } else if (w.state().equals("held")) {
                // The owner says the friend is real: they count now, and a milestone they reach is approved with them.
                exec(c, "one-more", now, customer);
                at = countOf(c, customer);
                piece = rules.milestone(at).map(RapportConfig.Reward::piece).orElse(null);
                exec(c, "decide-referral", "counted", w.reason(), now, w.referral());
                exec(c, "event", customer, "referral", now, null, (w.friendEmail() == null ? "a friend" : w.friendEmail())
                        + " counted on the owner's approval (held: " + w.reason() + "): " + friends(at) + " counted");
            } else {
                return new Decision.Refused("reward " + id + " is " + w.state() + ": there is nothing to approve");
            }
            exec(c, "approve-reward", at, piece, now, piece == null ? 0 : timesSent(c, customer, piece), id);
            if (piece != null) {
                exec(c, "event", customer, "reward", now, piece, "approved by the owner: " + piece + " goes in the next send");
            }
            return new Decision.Done(entry(c, id));
        });
    }

    @Override
    public Decision decline(long id, Instant now) {
        return Jdbc.transactionWithOutcome(db, "decline a reward", c -> {
            Locked w = lock(c, id);
            if (w == null) return new Decision.Refused("there is no reward " + id + " (see rapport rewards)");
            if (!w.state().equals("waiting") && !w.state().equals("held")) {
                return new Decision.Refused("reward " + id + " is " + w.state() + ": there is nothing to decline");
            }
            exec(c, "decline-reward", now, id);
            if (w.state().equals("held")) exec(c, "decide-referral", "declined", w.reason(), now, w.referral());
            exec(c, "event", w.customer(), "reward", now, w.piece(), w.state().equals("held")
                    ? "held referral declined by the owner (" + w.reason() + "): it does not count"
                    : "declined by the owner: " + w.piece() + " is not sent");
            return new Decision.Done(entry(c, id));
        });
    }

    private record Locked(long customer, Long referral, Integer at, String piece, String state, String reason, String friendEmail) {}

    private static Locked lock(Connection c, long id) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(SQL.get("lock-reward"))) {
            st.setLong(1, id);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) return null;
                long referral = rs.getLong("referral_id");
                Long ref = rs.wasNull() ? null : referral;
                int at = rs.getInt("at");
                Integer milestone = rs.wasNull() ? null : at;
                return new Locked(rs.getLong("customer_id"), ref, milestone, rs.getString("piece"), rs.getString("state"),
                        rs.getString("reason"), ref == null ? null : friendOf(c, ref));
            }
        }
    }

    private static String friendOf(Connection c, long referral) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(SQL.get("friend-of"))) {
            st.setLong(1, referral);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static int timesSent(Connection c, long customer, String piece) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(SQL.get("times-sent"))) {
            Jdbc.bind(st, customer, piece);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    @Override
    public int settleSent(Instant now) {
        return Jdbc.transactionWithOutcome(db, "settle sent rewards", c -> {
            record Delivered(long id, long customer, String piece, Instant at) {}
            List<Delivered> delivered = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement(SQL.get("delivered"));
                 ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Instant at = Jdbc.instant(rs, "last_sent_at");
                    delivered.add(new Delivered(rs.getLong(1), rs.getLong(2), rs.getString(3), at == null ? now : at));
                }
            }
            for (Delivered d : delivered) {
                exec(c, "mark-sent", d.at(), d.id());
                exec(c, "event", d.customer(), "reward", d.at(), d.piece(), "sent: " + d.piece());
            }
            return delivered.size();
        });
    }

    @Override
    public List<Entry> list() {
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(SQL.get("list"));
             ResultSet rs = st.executeQuery()) {
            List<Entry> out = new ArrayList<>();
            while (rs.next()) out.add(entry(rs));
            return out;
        } catch (SQLException e) {
            throw CustomerStore.fault("list rewards", e);
        }
    }

    @Override
    public Map<Long, String> toSend() {
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(SQL.get("to-send"));
             ResultSet rs = st.executeQuery()) {
            Map<Long, String> out = new LinkedHashMap<>();
            while (rs.next()) out.putIfAbsent(rs.getLong(1), rs.getString(2));
            return out;
        } catch (SQLException e) {
            throw CustomerStore.fault("read approved rewards", e);
        }
    }

    private static Entry entry(Connection c, long id) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(SQL.get("entry"))) {
            st.setLong(1, id);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return entry(rs);
            }
        }
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        int at = rs.getInt("at");
        Integer milestone = rs.wasNull() ? null : at;
        return new Entry(rs.getLong("id"), rs.getString("email"), milestone, rs.getString("piece"), rs.getString("state"),
                rs.getString("reason"), Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "decided_at"), Jdbc.instant(rs, "sent_at"));
    }

    private static void exec(Connection c, String name, Object... params) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(SQL.get(name))) {
            Jdbc.bind(st, params);
            st.executeUpdate();
        }
    }
}
