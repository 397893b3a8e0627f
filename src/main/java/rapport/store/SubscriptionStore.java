package rapport.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import rapport.customer.Status;
import rapport.feedback.MessageRef;
import rapport.feedback.Preferences;
import rapport.feedback.Subscription;

/**
 * Reads where a customer stands for the unsubscribe and preferences pages, and a note's subject
 * for the rating page, and puts a customer back on the list. The
 * unsubscribe that took someone off is the newest {@code unsubscribe} event of an
 * {@code unsubscribed} customer: {@link FeedbackStore} records one only when it changed the
 * status. Thread-safe: every call borrows its own connection.
 */
final class SubscriptionStore {
    private static final Sql SQL = Sql.load("/rapport/store/subscriptions.sql");
    /** {@link FeedbackStore} writes an unsubscribe's way in brackets at the end: "no more notes (page)". */
    private static final Pattern VIA = Pattern.compile("\\(([a-z-]+)\\)$");

    private final Database db;

    SubscriptionStore(Database db) {
        this.db = db;
    }

    Optional<Subscription> find(long customerId) {
        try (Connection c = db.connection()) {
            Subscription found;
            try (PreparedStatement st = c.prepareStatement(SQL.get("subscription"))) {
                st.setLong(1, customerId);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    found = new Subscription(customerId, rs.getString("email"), Status.fromLabel(rs.getString("status")),
                            rs.getBoolean("fewer_notes"), Optional.empty());
                }
            }
            if (found.status() != Status.UNSUBSCRIBED) return Optional.of(found);
            try (PreparedStatement st = c.prepareStatement(SQL.get("last-unsubscribe"))) {
                st.setLong(1, customerId);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) return Optional.of(found);
                    String detail = rs.getString("detail");
                    Matcher via = VIA.matcher(detail == null ? "" : detail);
                    Subscription.Unsubscribed last = new Subscription.Unsubscribed(rs.getLong("id"), rs.getString("run_id"),
                            Jdbc.instant(rs, "at"), via.find() ? via.group(1) : "");
                    return Optional.of(new Subscription(customerId, found.email(), found.status(), found.fewerNotes(),
                            Optional.of(last)));
                }
            }
        } catch (SQLException e) {
            throw CustomerStore.fault("look up a subscription", e);
        }
    }

    Optional<Preferences.Standing> preferences(long customerId) {
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(SQL.get("preferences"))) {
            st.setLong(1, customerId);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                String interests = rs.getString("interests");
                return Optional.of(new Preferences.Standing(customerId, rs.getString("email"), Status.fromLabel(rs.getString("status")),
                        interests == null || interests.isEmpty() ? List.of() : List.of(interests.split(";")),
                        rs.getBoolean("fewer_notes"), Jdbc.instant(rs, "paused_until")));
            }
        } catch (SQLException e) {
            throw CustomerStore.fault("look up preferences", e);
        }
    }

    Optional<String> subject(MessageRef note) {
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(SQL.get("note-subject"))) {
            Jdbc.bind(st, note.run(), note.customerId());
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)).filter(s -> !s.isBlank()) : Optional.empty();
            }
        } catch (SQLException e) {
            throw CustomerStore.fault("look up a note's subject", e);
        }
    }

    boolean restore(Subscription was, MessageRef message, Instant at, String detail) {
        if (was.lastUnsubscribe().isEmpty()) return false;
        long lastEvent = was.lastUnsubscribe().get().eventId();
        return Jdbc.transactionWithOutcome(db, "undo an unsubscribe", c -> {
            try (PreparedStatement st = c.prepareStatement(SQL.get("restore"))) {
                Jdbc.bind(st, at, was.customerId(), lastEvent);
                if (st.executeUpdate() == 0) return false;
            }
            try (PreparedStatement st = c.prepareStatement(SQL.get("resubscribed"))) {
                Jdbc.bind(st, at, message.run(), FeedbackStore.clip(detail, 2000), message.run(), was.customerId());
                st.executeUpdate();
            }
            return true;
        });
    }
}
