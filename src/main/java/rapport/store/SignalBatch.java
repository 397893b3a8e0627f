package rapport.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import rapport.customer.Status;
import rapport.feedback.BounceReasons;
import rapport.feedback.BounceWords;
import rapport.feedback.FeedbackLog;
import rapport.feedback.MessageRef;
import rapport.feedback.Preferences;
import rapport.feedback.Signal;

/**
 * One transaction's worth of signals, written statement by statement in batches: each signal
 * becomes a timeline event and moves the counters, status, message record and note evidence it
 * concerns. Not thread-safe: one per transaction.
 */
/** One transaction's worth of signals, written statement by statement in batches. */
final class SignalBatch implements NoteOpens.Writes {
    private static final Sql SQL = Sql.load("/rapport/store/feedback.sql");
    private static final int DETAIL = 2000;

    private final Connection c;
    private final Instant now;
    private final Map<String, PreparedStatement> statements = new LinkedHashMap<>();
    private final List<Object[]> events = new ArrayList<>();
    // A burst hits the same messages and customers many times: one counter update per row.
    private final NoteOpens opens = new NoteOpens();
    private final Map<MessageRef, Tally> messageClicks = new LinkedHashMap<>();
    private final Map<Long, Tally> customerClicks = new LinkedHashMap<>();
    private final NoteEvidence evidence = new NoteEvidence();
    private final ZoneId zone;

    /** How many hits, and the last of them. */
    private static final class Tally {
        int count;
        Instant last;

        static <K> void add(Map<K, Tally> tallies, K key, Instant at) {
            Tally t = tallies.computeIfAbsent(key, k -> new Tally());
            t.count++;
            if (t.last == null || at.isAfter(t.last)) t.last = at;
        }
    }

    SignalBatch(Connection c, Instant now, ZoneId zone) {
        this.c = c;
        this.now = now;
        this.zone = zone;
    }

    void write(List<Signal> signals) throws SQLException {
        try {
            List<Signal.Unsubscribe> unsubscribes = new ArrayList<>();
            List<Signal.Fewer> fewer = new ArrayList<>();
            List<Signal.Complaint> complaints = new ArrayList<>();
            List<Signal.Bounce> bounces = new ArrayList<>();
            List<Signal.Preferences> preferences = new ArrayList<>();
            for (Signal s : signals) {
                if (s instanceof Signal.Open o) opens.add(o);
                else if (s instanceof Signal.Click k) clicked(k);
                else if (s instanceof Signal.Reply r) replied(r);
                else if (s instanceof Signal.AutoReply a) event(a.message(), "auto-reply", a.at(), a.subject(), false);
                else if (s instanceof Signal.Unsubscribe u) unsubscribes.add(u);
                else if (s instanceof Signal.Fewer f) fewer.add(f);
                else if (s instanceof Signal.Complaint k) complaints.add(k);
                else if (s instanceof Signal.Bounce b) bounces.add(b);
                else if (s instanceof Signal.Rating r) evidence.rated(r);
                else if (s instanceof Signal.Preferences p) preferences.add(p);
            }
            execute();
            // Status changes record an event only when they changed something: idempotent.
            suppress(unsubscribes, "suppress", u -> new Object[] {"unsubscribed", now, u.message().customerId()},
                    u -> new Event(u.message(), "unsubscribe", u.at(), "no more notes (" + u.via() + ")"), true);
            suppress(fewer, "fewer", f -> new Object[] {now, f.message().customerId()},
                    f -> new Event(f.message(), "preference", f.at(), "fewer notes: the slow cadence from now on"), false);
            suppress(complaints, "complain", k -> new Object[] {now, k.message().customerId()},
                    k -> new Event(k.message(), "unsubscribe", k.at(), "complaint (" + k.feedbackType() + " report): never mailed again"), true);
            bounced(bounces);
            execute();
            evidence.write(this, now);
            for (Signal.Preferences p : preferences) saved(p);
            execute();
        } finally {
            for (PreparedStatement st : statements.values()) st.close();
        }
    }

    private void clicked(Signal.Click k) throws SQLException {
        MessageRef m = k.message();
        event(m, "click", k.at(), k.url(), k.machine());
        Tally.add(messageClicks, m, k.at());
        if (!k.machine()) {
            Tally.add(customerClicks, m.customerId(), k.at());
            evidence.engaged(m);
        }
    }

    private void replied(Signal.Reply r) throws SQLException {
        MessageRef m = r.message();
        String subject = r.subject() == null ? "(no subject)" : r.subject();
        event(m, "reply", r.at(), FeedbackStore.clip("\"" + subject + "\" " + (r.snippet() == null ? "" : r.snippet()), DETAIL), false);
        add("reply", m.run(), FeedbackStore.clip(r.key(), 300), r.at(), FeedbackStore.clip(r.from(), 320), FeedbackStore.clip(subject, 500), FeedbackStore.clip(r.snippet(), DETAIL),
                m.customerId());
        add("customer-replied", now, r.at(), r.at(), m.customerId());
        evidence.engaged(m);
    }

    /**
     * Saves a preferences page, under the customer's row lock so that two saves in a row each see
     * what the other left; only an active customer's, and an event only when something changed.
     */
    private void saved(Signal.Preferences p) throws SQLException {
        long id = p.message().customerId();
        Preferences.Standing before;
        PreparedStatement read = statement("preferences-before");
        read.setLong(1, id);
        try (ResultSet rs = read.executeQuery()) {
            if (!rs.next() || !"active".equals(rs.getString("status"))) return;
            String interests = rs.getString("interests");
            before = new Preferences.Standing(id, rs.getString("email"), Status.ACTIVE,
                    interests == null || interests.isEmpty() ? List.of() : List.of(interests.split(";")),
                    rs.getBoolean("fewer_notes"), Jdbc.instant(rs, "paused_until"));
        }
        Preferences.Saved saved = Preferences.save(before, p, zone);
        PreparedStatement save = statement("preferences-save");
        Jdbc.setText(save, 1, saved.interests().isEmpty() ? null : String.join(";", saved.interests()));
        save.setBoolean(2, saved.fewerNotes());
        Jdbc.setInstant(save, 3, saved.pausedUntil());
        Jdbc.setInstant(save, 4, now);
        save.setLong(5, id);
        save.addBatch();
        if (saved.change().isPresent()) event(p.message(), "preference", p.at(), saved.change().get(), false);
    }

    private void bounced(List<Signal.Bounce> bounces) throws SQLException {
        if (bounces.isEmpty()) return;
        List<Signal.Bounce> hard = bounces.stream().filter(b -> b.verdict() == BounceReasons.Verdict.HARD).toList();
        List<Signal.Bounce> soft = bounces.stream().filter(b -> b.verdict() == BounceReasons.Verdict.SOFT).toList();
        for (Signal.Bounce b : bounces) {
            // Every kind is a `bounce` on the timeline (the contract's type); its detail says which:
            // "permanent", "temporary", or "refused about the sender", the shop's matter, never the customer's.
            event(b.message(), "bounce", b.at(), FeedbackStore.clip(BounceWords.describe(b), DETAIL), false);
        }
        for (Signal.Bounce b : hard) add("message-bounced", FeedbackStore.clip(b.status() + " " + b.diagnostic(), 500), b.message().run(), b.message().customerId());
        for (Signal.Bounce b : soft) add("soft-bounced", now, b.message().customerId());
        for (Signal.Bounce b : bounces) if (b.verdict() == BounceReasons.Verdict.SENDER) add("run-sender-refused", b.message().run());
        execute();
        suppress(hard, "suppress", b -> new Object[] {"bounced", now, b.message().customerId()}, b -> null, false);
        suppress(soft, "soft-bounce-limit", b -> new Object[] {now, b.message().customerId(), FeedbackLog.SOFT_BOUNCES_TO_SUPPRESS},
                b -> new Event(b.message(), "bounce", b.at(), FeedbackLog.SOFT_BOUNCES_TO_SUPPRESS + " temporary failures in a row: no more notes"),
                    false);
    }

    private record Event(MessageRef message, String type, Instant at, String detail) {}

    /**
     * Runs one conditional update per signal, then records an event for each that changed a row;
     * {@code leaves}: such a change is the customer leaving through the note the signal answers.
     */
    private <T extends Signal> void suppress(List<T> signals, String statement, Function<T, Object[]> params,
                                             Function<T, Event> eventOf, boolean leaves) throws SQLException {
        if (signals.isEmpty()) return;
        PreparedStatement st = statement(statement);
        for (T s : signals) {
            Jdbc.bind(st, params.apply(s));
            st.addBatch();
        }
        int[] changed = st.executeBatch();
        for (int i = 0; i < changed.length; i++) {
            if (changed[i] <= 0) continue;
            Event e = eventOf.apply(signals.get(i));
            if (e != null) event(e.message(), e.type(), e.at(), e.detail(), false);
            if (leaves) evidence.left(signals.get(i).message());
        }
        execute();
    }

    @Override
    public void event(MessageRef m, String type, Instant at, String detail, boolean machine) {
        events.add(new Object[] {type, at, m.run(), FeedbackStore.clip(detail, DETAIL), m.run(), machine, m.customerId()});
    }

    @Override
    public void add(String statement, Object... params) throws SQLException {
        PreparedStatement st = statement(statement);
        Jdbc.bind(st, params);
        st.addBatch();
    }

    @Override
    public PreparedStatement statement(String name) throws SQLException {
        PreparedStatement st = statements.get(name);
        if (st == null) {
            st = c.prepareStatement(SQL.get(name));
            statements.put(name, st);
        }
        return st;
    }

    /** Turns the tallies into one counter update per message and per customer, and the fetches into opens. */
    private void tallies() throws SQLException {
        opens.write(this, now);
        for (Map.Entry<MessageRef, Tally> e : messageClicks.entrySet()) {
            add("message-clicked", e.getValue().count, e.getKey().run(), e.getKey().customerId());
        }
        for (Map.Entry<Long, Tally> e : customerClicks.entrySet()) {
            add("customer-clicked", e.getValue().count, now, e.getValue().last, e.getValue().last, e.getKey());
        }
        messageClicks.clear();
        customerClicks.clear();
    }

    /** Sends the queued events and every statement's batch, in the order first used. */
    private void execute() throws SQLException {
        tallies();
        if (!events.isEmpty()) {
            PreparedStatement st = statement("event");
            for (Object[] e : events) {
                Jdbc.bind(st, e);
                st.addBatch();
            }
            events.clear();
        }
        for (PreparedStatement st : statements.values()) st.executeBatch();
    }
}
