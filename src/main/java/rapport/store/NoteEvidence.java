package rapport.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import rapport.feedback.MessageRef;
import rapport.feedback.Rating;
import rapport.feedback.Signal;

/**
 * The evidence one batch adds about its notes ({@code note_feedback}, which the choice learns
 * from): ratings, a person's first click or a reply ({@code engaged}), an unsubscribe or complaint
 * that answered the note ({@code left_after}). Each note's row is made when first needed, then
 * marked, one statement batch each; a rating also goes on the timeline, keeps the customer's
 * declined pieces equal to what their notes rate {@code not-for-me}, and its comment waits in
 * the replies. The rules are {@link Rating}'s. Not thread-safe: one per transaction.
 */
final class NoteEvidence {
    private static final String COMPLAINED = "complained";
    private static final String FORGOTTEN = "forgotten";

    private final Set<MessageRef> engaged = new LinkedHashSet<>();
    private final Set<MessageRef> left = new LinkedHashSet<>();
    private final List<Signal.Rating> ratings = new ArrayList<>();

    void engaged(MessageRef note) {
        engaged.add(note);
    }

    void left(MessageRef note) {
        left.add(note);
    }

    void rated(Signal.Rating rating) {
        ratings.add(rating);
    }

    /** Writes what was gathered, in order: rows first, then marks, then the declined pieces they imply. */
    void write(NoteOpens.Writes w, Instant now) throws SQLException {
        if (engaged.isEmpty() && left.isEmpty() && ratings.isEmpty()) return;
        Map<MessageRef, String> ensure = new LinkedHashMap<>();
        for (MessageRef m : engaged) ensure.putIfAbsent(m, FORGOTTEN);
        for (MessageRef m : left) ensure.putIfAbsent(m, FORGOTTEN);
        for (Signal.Rating r : ratings) ensure.putIfAbsent(r.message(), COMPLAINED);
        for (Map.Entry<MessageRef, String> e : ensure.entrySet()) {
            w.add("note-feedback-ensure", e.getKey().run(), e.getKey().customerId(), e.getValue());
        }
        run(w, "note-feedback-ensure");
        for (MessageRef m : engaged) w.add("note-engaged", m.run(), m.customerId());
        for (MessageRef m : left) w.add("note-left", m.run(), m.customerId());
        run(w, "note-engaged");
        run(w, "note-left");
        rate(w, now);
        engaged.clear();
        left.clear();
        ratings.clear();
    }

    private void rate(NoteOpens.Writes w, Instant now) throws SQLException {
        if (ratings.isEmpty()) return;
        Set<Long> customers = new LinkedHashSet<>();
        for (Signal.Rating r : ratings) {
            MessageRef m = r.message();
            w.add("rating-event", r.at(), m.run(), r.verdict(), m.run(), m.customerId());
            w.add("note-rated", r.verdict(), r.at(), m.run(), m.customerId(), r.at());
            customers.add(m.customerId());
            if (r.comment() != null) commented(w, r);
        }
        run(w, "rating-event");
        run(w, "note-rated");
        run(w, "comment");
        run(w, "customer-commented");
        PreparedStatement read = w.statement("declined-of");
        for (long customer : customers) {
            List<String> pieces = new ArrayList<>();
            read.setLong(1, customer);
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) pieces.add(rs.getString(1));
            }
            w.add("declined", Rating.declinedPieces(pieces), now, customer);
        }
        run(w, "declined");
    }

    private static void commented(NoteOpens.Writes w, Signal.Rating r) throws SQLException {
        MessageRef m = r.message();
        String subject = null;
        PreparedStatement read = w.statement("note-subject");
        Jdbc.bind(read, m.run(), m.customerId());
        try (ResultSet rs = read.executeQuery()) {
            if (rs.next()) subject = rs.getString(1);
        }
        String key = Rating.commentKey(r);
        w.add("comment", m.run(), key, r.at(), FeedbackStore.clip(Rating.commentSubject(subject), 500),
                FeedbackStore.clip(r.comment(), Rating.COMMENT_LIMIT), m.customerId(), key);
        w.add("customer-commented", r.at(), r.at(), r.at(), m.customerId());
    }

    /** Sends the statement's batch now, when it has one: what follows reads or updates its rows. */
    private static void run(NoteOpens.Writes w, String statement) throws SQLException {
        w.statement(statement).executeBatch();
    }
}
