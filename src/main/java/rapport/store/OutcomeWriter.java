package rapport.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import rapport.delivery.DeliveryState;
import rapport.delivery.Ledger.Outcome;

/**
 * Writes a group of outcomes inside the caller's transaction, each statement batched: the
 * ledger rows, the timeline events, the piece history and the customers' summaries together,
 * so a note is never recorded as sent without its history.
 *
 * <p>Fenced: with the {@code process} that holds the claims, a row is written only while that
 * process still holds it (a "sent" also on a row handed back and not yet claimed again), and what
 * hangs on a row (events, history, a customer's status) only where the row was written. Without
 * one, the outcomes are facts recovered from a dead process's journal and land on any row not
 * yet done. Not thread-safe; one per transaction.
 */
final class OutcomeWriter {
    private final Connection c;
    private final Sql sql;
    private final String runId;
    /** The claims' holder, or null for outcomes recovered from a journal. */
    private final String process;

    OutcomeWriter(Connection c, Sql sql, String runId, String process) {
        this.c = c;
        this.sql = sql;
        this.runId = runId;
        this.process = process;
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
            try (PreparedStatement st = c.prepareStatement(statement("mark-retry"))) {
                for (Outcome.Retry r : retries) {
                    add(st, fenced(r.attempts(), r.nextAttempt(), clip(r.reason()), runId, r.customerId()));
                }
                st.executeBatch();
            }
        }
        if (!finals.isEmpty()) writeFinals(finals);
    }

    private void writeSent(List<Outcome.Sent> all) throws SQLException {
        // Only rows not already sent: a journal replayed after a kill may hold what is recorded.
        List<Outcome.Sent> sent = new ArrayList<>(all.size());
        try (PreparedStatement st = c.prepareStatement(statement("mark-sent"))) {
            for (Outcome.Sent s : all) add(st, stamped(fenced(s.messageId(), s.at(), clip(s.subject()), runId, s.customerId()), 3));
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
        List<Outcome.Final> written = new ArrayList<>(finals.size());
        try (PreparedStatement st = c.prepareStatement(statement("mark-final"))) {
            for (Outcome.Final f : finals) add(st, stamped(fenced(f.state().label(), clip(f.reason()), f.attempts(), runId, f.customerId()), 3));
            int[] updated = st.executeBatch();
            for (int i = 0; i < updated.length; i++) if (updated[i] != 0) written.add(finals.get(i));
        }
        List<Outcome.Final> bounced = written.stream().filter(f -> f.state() == DeliveryState.BOUNCED).toList();
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

    /** The fenced statement, or its variant for recovered outcomes. */
    private String statement(String name) {
        return sql.get(process != null ? name : name + "-recovered");
    }

    /** The parameters with the claim holder appended, as the fenced statements end. */
    private Object[] fenced(Object... params) {
        if (process == null) return params;
        Object[] out = Arrays.copyOf(params, params.length + 1);
        out[params.length] = process;
        return out;
    }

    /** With the process that records the outcome inserted at {@code at} ({@code done_by}), when fenced. */
    private Object[] stamped(Object[] params, int at) {
        if (process == null) return params;
        Object[] out = new Object[params.length + 1];
        System.arraycopy(params, 0, out, 0, at);
        out[at] = process;
        System.arraycopy(params, at, out, at + 1, params.length - at);
        return out;
    }

    private static void add(PreparedStatement st, Object... params) throws SQLException {
        Jdbc.bind(st, params);
        st.addBatch();
    }

    private static String clip(String s) {
        return s == null || s.length() <= 500 ? s : s.substring(0, 500);
    }
}
