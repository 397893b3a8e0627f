package rapport.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import rapport.delivery.DeliveryState;
import rapport.delivery.Ledger.Outcome;

/**
 * Writes a group of outcomes inside the caller's transaction, each statement batched: the
 * ledger rows, the timeline events, the piece history and the customers' summaries together,
 * so a note is never recorded as sent without its history. Not thread-safe; one per transaction.
 */
final class OutcomeWriter {
    private final Connection c;
    private final Sql sql;
    private final String runId;

    OutcomeWriter(Connection c, Sql sql, String runId) {
        this.c = c;
        this.sql = sql;
        this.runId = runId;
    }

    void write(List<Outcome> outcomes) throws SQLException {
        List<Outcome.Sent> sent = new ArrayList<>();
        List<Outcome.Retry> retries = new ArrayList<>();
        List<Outcome.Final> finals = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (o instanceof Outcome.Sent s) sent.add(s);
            else if (o instanceof Outcome.Retry r) retries.add(r);
            else if (o instanceof Outcome.Final f) finals.add(f);
        }
        if (!sent.isEmpty()) writeSent(sent);
        if (!retries.isEmpty()) {
            try (PreparedStatement st = c.prepareStatement(sql.get("mark-retry"))) {
                for (Outcome.Retry r : retries) add(st, r.attempts(), r.nextAttempt(), clip(r.reason()), runId, r.customerId());
                st.executeBatch();
            }
        }
        if (!finals.isEmpty()) writeFinals(finals);
    }

    private void writeSent(List<Outcome.Sent> all) throws SQLException {
        // Only rows not already sent: a journal replayed after a kill may hold what is recorded.
        List<Outcome.Sent> sent = new ArrayList<>(all.size());
        try (PreparedStatement st = c.prepareStatement(sql.get("mark-sent"))) {
            for (Outcome.Sent s : all) add(st, s.messageId(), s.at(), clip(s.subject()), runId, s.customerId());
            int[] updated = st.executeBatch();
            for (int i = 0; i < updated.length; i++) if (updated[i] != 0) sent.add(all.get(i));
        }
        if (sent.isEmpty()) return;
        try (PreparedStatement st = c.prepareStatement(sql.get("event"))) {
            for (Outcome.Sent s : sent) add(st, s.customerId(), "sent", s.at(), s.piece(), s.messageId(), runId);
            st.executeBatch();
        }
        List<Outcome.Sent> firstTime = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement(sql.get("history-update"))) {
            for (Outcome.Sent s : sent) add(st, s.at(), s.customerId(), s.piece());
            int[] updated = st.executeBatch();
            for (int i = 0; i < updated.length; i++) if (updated[i] == 0) firstTime.add(sent.get(i));
        }
        if (!firstTime.isEmpty()) {
            try (PreparedStatement st = c.prepareStatement(sql.get("history-insert"))) {
                for (Outcome.Sent s : firstTime) add(st, s.customerId(), s.piece(), s.at());
                st.executeBatch();
            }
        }
        try (PreparedStatement st = c.prepareStatement(sql.get("customer-sent"))) {
            for (Outcome.Sent s : sent) add(st, s.at(), s.kind(), s.customerId());
            st.executeBatch();
        }
    }

    private void writeFinals(List<Outcome.Final> finals) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql.get("mark-final"))) {
            for (Outcome.Final f : finals) add(st, f.state().label(), clip(f.reason()), f.attempts(), runId, f.customerId());
            st.executeBatch();
        }
        List<Outcome.Final> bounced = finals.stream().filter(f -> f.state() == DeliveryState.BOUNCED).toList();
        if (bounced.isEmpty()) return;
        try (PreparedStatement st = c.prepareStatement(sql.get("customer-bounced"))) {
            for (Outcome.Final f : bounced) add(st, f.customerId());
            st.executeBatch();
        }
        try (PreparedStatement st = c.prepareStatement(sql.get("event"))) {
            for (Outcome.Final f : bounced) add(st, f.customerId(), "bounce", f.at(), null, clip(f.reason()), runId);
            st.executeBatch();
        }
    }

    private static void add(PreparedStatement st, Object... params) throws SQLException {
        Jdbc.bind(st, params);
        st.addBatch();
    }

    private static String clip(String s) {
        return s == null || s.length() <= 500 ? s : s.substring(0, 500);
    }
}
