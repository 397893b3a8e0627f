package rapport.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import rapport.feedback.BounceReasons;
import rapport.feedback.BounceWords;
import rapport.feedback.FeedbackLog;
import rapport.feedback.MessageRef;
import rapport.feedback.Signal;
import rapport.feedback.Subscription;

/**
 * Records feedback in SQL: each signal becomes a timeline event, and moves the counters, status
 * and message record it concerns, all in one transaction per batch with every statement batched,
 * so a burst of pixel hits costs a handful of round trips. Pixel fetches are the exception to "an
 * event each": a note has one human open however often it is fetched ({@link NoteOpens}).
 * Thread-safe: every call borrows its own connection.
 */
public final class FeedbackStore implements FeedbackLog {
    private static final Sql SQL = Sql.load("/rapport/store/feedback.sql");
    private static final int DETAIL = 2000;

    private final Database db;
    private final Clock clock;
    private final SubscriptionStore subscriptions;

    public FeedbackStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.subscriptions = new SubscriptionStore(db);
    }

    @Override
    public Optional<Subscription> subscription(long customerId) {
        return subscriptions.find(customerId);
    }

    @Override
    public boolean restore(Subscription was, MessageRef message, Instant at, String detail) {
        return subscriptions.restore(was, message, at, detail);
    }

    @Override
    public void record(List<Signal> signals) {
        if (signals.isEmpty()) return;
        Jdbc.transaction(db, "record feedback", c -> new Batch(c, clock.instant()).write(signals));
    }

    @Override
    public InboundRecording recordInbound(String inboundKey, String outcome, List<Signal> signals) {
        String key = clip(inboundKey, 300);
        Instant now = clock.instant();
        try {
            return Jdbc.transactionWithOutcome(db, "record a mail from the mailbox", c -> {
                try (PreparedStatement st = c.prepareStatement(SQL.get("inbound-handled"))) {
                    Jdbc.bind(st, key, outcome, now, key);
                    if (st.executeUpdate() == 0) return InboundRecording.ALREADY_RECORDED;
                }
                new Batch(c, now).write(signals);
                return InboundRecording.RECORDED;
            });
        } catch (StoreException e) {
            // Another poll (serve's, say, beside a manual one) inserted the key after ours looked
            // for it, and its transaction recorded what the mail said: the key refused ours.
            if (handledInbound(inboundKey)) return InboundRecording.ALREADY_RECORDED;
            throw e;
        }
    }

    @Override
    public RunRefusals senderRefusals(String runId) {
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(SQL.get("run-sender-refusals"))) {
            st.setString(1, runId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? new RunRefusals(runId, rs.getInt(1), rs.getInt(2)) : new RunRefusals(runId, 0, 0);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot count the refusals of run " + runId, e);
        }
    }

    @Override
    public void pauseForSender(String runId, String note) {
        Jdbc.transaction(db, "pause run " + runId, c -> {
            try (PreparedStatement st = c.prepareStatement(SQL.get("run-sender-pause"))) {
                Jdbc.bind(st, note.length() > 500 ? note.substring(0, 500) : note, runId);
                st.executeUpdate();
            }
        });
    }

    /** Whether the inbound mail with this key was already handled by an earlier poll. */
    boolean handledInbound(String inboundKey) {
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(SQL.get("inbound-known"))) {
            st.setString(1, clip(inboundKey, 300));
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw CustomerStore.fault("look up a handled mail", e);
        }
    }

    @Override
    public Map<MessageRef, Instant> deliveredAt(Collection<MessageRef> messages) {
        Map<String, Set<Long>> byRun = new LinkedHashMap<>();
        for (MessageRef m : messages) byRun.computeIfAbsent(m.run(), r -> new LinkedHashSet<>()).add(m.customerId());
        Map<MessageRef, Instant> out = new HashMap<>();
        try (Connection c = db.connection()) {
            for (Map.Entry<String, Set<Long>> run : byRun.entrySet()) {
                Set<Long> ids = run.getValue();
                try (PreparedStatement st = c.prepareStatement(SQL.getValues("delivered-at", ids.size()))) {
                    int i = 1;
                    for (long id : ids) st.setLong(i++, id);
                    st.setString(i, run.getKey());
                    try (ResultSet rs = st.executeQuery()) {
                        while (rs.next()) out.put(new MessageRef(rs.getLong(1), run.getKey()), Jdbc.instant(rs, "sent_at"));
                    }
                }
            }
        } catch (SQLException e) {
            throw CustomerStore.fault("look up deliveries", e);
        }
        return out;
    }

    @Override
    public Optional<MessageRef> sentMessage(String messageId) {
        String id = messageId.strip();
        if (!id.startsWith("<")) id = "<" + id + ">";
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(SQL.get("sent-message"))) {
            st.setString(1, id);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(new MessageRef(rs.getLong(1), rs.getString(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw CustomerStore.fault("look up a sent message", e);
        }
    }

    static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    /** One transaction's worth of signals, written statement by statement in batches. */
    private static final class Batch implements NoteOpens.Writes {
        private final Connection c;
        private final Instant now;
        private final Map<String, PreparedStatement> statements = new LinkedHashMap<>();
        private final List<Object[]> events = new ArrayList<>();
        // A burst hits the same messages and customers many times: one counter update per row.
        private final NoteOpens opens = new NoteOpens();
        private final Map<MessageRef, Tally> messageClicks = new LinkedHashMap<>();
        private final Map<Long, Tally> customerClicks = new LinkedHashMap<>();

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

        Batch(Connection c, Instant now) {
            this.c = c;
            this.now = now;
        }

        void write(List<Signal> signals) throws SQLException {
            try {
                List<Signal.Unsubscribe> unsubscribes = new ArrayList<>();
                List<Signal.Fewer> fewer = new ArrayList<>();
                List<Signal.Complaint> complaints = new ArrayList<>();
                List<Signal.Bounce> bounces = new ArrayList<>();
                for (Signal s : signals) {
                    if (s instanceof Signal.Open o) opens.add(o);
                    else if (s instanceof Signal.Click k) clicked(k);
                    else if (s instanceof Signal.Reply r) replied(r);
                    else if (s instanceof Signal.AutoReply a) event(a.message(), "auto-reply", a.at(), a.subject(), false);
                    else if (s instanceof Signal.Unsubscribe u) unsubscribes.add(u);
                    else if (s instanceof Signal.Fewer f) fewer.add(f);
                    else if (s instanceof Signal.Complaint k) complaints.add(k);
                    else if (s instanceof Signal.Bounce b) bounces.add(b);
                }
                execute();
                // Status changes record an event only when they changed something: idempotent.
                suppress(unsubscribes, "suppress", u -> new Object[] {"unsubscribed", now, u.message().customerId()},
                        u -> new Event(u.message(), "unsubscribe", u.at(), "no more notes (" + u.via() + ")"));
                suppress(fewer, "fewer", f -> new Object[] {now, f.message().customerId()},
                        f -> new Event(f.message(), "preference", f.at(), "fewer notes: the slow cadence from now on"));
                suppress(complaints, "complain", k -> new Object[] {now, k.message().customerId()},
                        k -> new Event(k.message(), "unsubscribe", k.at(), "complaint (" + k.feedbackType() + " report): never mailed again"));
                bounced(bounces);
                execute();
            } finally {
                for (PreparedStatement st : statements.values()) st.close();
            }
        }

        private void clicked(Signal.Click k) throws SQLException {
            MessageRef m = k.message();
            event(m, "click", k.at(), k.url(), k.machine());
            Tally.add(messageClicks, m, k.at());
            if (!k.machine()) Tally.add(customerClicks, m.customerId(), k.at());
        }

        private void replied(Signal.Reply r) throws SQLException {
            MessageRef m = r.message();
            String subject = r.subject() == null ? "(no subject)" : r.subject();
            event(m, "reply", r.at(), clip("\"" + subject + "\" " + (r.snippet() == null ? "" : r.snippet()), DETAIL), false);
            add("reply", m.run(), clip(r.key(), 300), r.at(), clip(r.from(), 320), clip(subject, 500), clip(r.snippet(), DETAIL),
                    m.customerId());
            add("customer-replied", now, r.at(), r.at(), m.customerId());
        }

        private void bounced(List<Signal.Bounce> bounces) throws SQLException {
            if (bounces.isEmpty()) return;
            List<Signal.Bounce> hard = bounces.stream().filter(b -> b.verdict() == BounceReasons.Verdict.HARD).toList();
            List<Signal.Bounce> soft = bounces.stream().filter(b -> b.verdict() == BounceReasons.Verdict.SOFT).toList();
            for (Signal.Bounce b : bounces) {
                // Every kind is a `bounce` on the timeline (the contract's type); its detail says which:
                // "permanent", "temporary", or "refused about the sender", the shop's matter, never the customer's.
                event(b.message(), "bounce", b.at(), clip(BounceWords.describe(b), DETAIL), false);
            }
            for (Signal.Bounce b : hard) add("message-bounced", clip(b.status() + " " + b.diagnostic(), 500), b.message().run(), b.message().customerId());
            for (Signal.Bounce b : soft) add("soft-bounced", now, b.message().customerId());
            for (Signal.Bounce b : bounces) if (b.verdict() == BounceReasons.Verdict.SENDER) add("run-sender-refused", b.message().run());
            execute();
            suppress(hard, "suppress", b -> new Object[] {"bounced", now, b.message().customerId()}, b -> null);
            suppress(soft, "soft-bounce-limit", b -> new Object[] {now, b.message().customerId(), SOFT_BOUNCES_TO_SUPPRESS},
                    b -> new Event(b.message(), "bounce", b.at(), SOFT_BOUNCES_TO_SUPPRESS + " temporary failures in a row: no more notes"));
        }

        private record Event(MessageRef message, String type, Instant at, String detail) {}

        /** Runs one conditional update per signal, then records an event for each that changed a row. */
        private <T> void suppress(List<T> signals, String statement, java.util.function.Function<T, Object[]> params,
                                  java.util.function.Function<T, Event> eventOf) throws SQLException {
            if (signals.isEmpty()) return;
            PreparedStatement st = statement(statement);
            for (T s : signals) {
                Jdbc.bind(st, params.apply(s));
                st.addBatch();
            }
            int[] changed = st.executeBatch();
            for (int i = 0; i < changed.length; i++) {
                Event e = eventOf.apply(signals.get(i));
                if (changed[i] > 0 && e != null) event(e.message(), e.type(), e.at(), e.detail(), false);
            }
            execute();
        }

        @Override
        public void event(MessageRef m, String type, Instant at, String detail, boolean machine) {
            events.add(new Object[] {type, at, m.run(), clip(detail, DETAIL), m.run(), machine, m.customerId()});
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
}
