package rapport.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import rapport.feedback.FeedbackLog;
import rapport.feedback.MessageRef;
import rapport.feedback.Preferences;
import rapport.feedback.Signal;
import rapport.feedback.Subscription;

/**
 * Records feedback in SQL: each signal becomes a timeline event, and moves the counters, status,
 * message record and note evidence it concerns ({@link SignalBatch}), all in one transaction per
 * batch with every statement batched,
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
    public Optional<Preferences.Standing> preferences(long customerId) {
        return subscriptions.preferences(customerId);
    }

    @Override
    public Optional<String> subject(MessageRef note) {
        return subscriptions.subject(note);
    }

    @Override
    public void record(List<Signal> signals) {
        if (signals.isEmpty()) return;
        Jdbc.transaction(db, "record feedback", c -> new SignalBatch(c, clock.instant(), clock.getZone()).write(signals));
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
                new SignalBatch(c, now, clock.getZone()).write(signals);
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
}
