package rapport.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import rapport.feedback.MessageRef;
import rapport.feedback.Signal;

/**
 * The pixel fetches of one batch, gathered per note and written as one open per note: the first
 * human fetch of a note is its open, and so is its first machine fetch (an image proxy, a scanner,
 * a prefetch on delivery), each at most once, ever. Every other fetch is only counted, as a hit on
 * the note's delivery row.
 *
 * <p>"At most once, ever" is the database's, not this batch's: each open is claimed by a
 * conditional update of the delivery row ({@code first_open_at is null}), which under the row lock
 * only one writer wins, however many batches, processes or {@code serve} nodes see the same note.
 * Only a claim that changed the row puts an {@code open} on the timeline and counts for the
 * customer. The first human and the first machine open are claimed separately, so a proxy that
 * fetches on delivery never takes the place of the person who reads the note later. A fetch of a
 * note the ledger does not hold (a preview's {@code .eml} opened in a mail app) records nothing.
 *
 * <p>A batch thus costs a few statements per note it touches, whatever the number of fetches: a
 * pixel fetched in a loop makes one open and one counter update per batch.
 *
 * <p>Not thread-safe: one per transaction.
 */
final class NoteOpens {
    /** Where the opens go: statements batched in the transaction, and timeline events. */
    interface Writes {
        PreparedStatement statement(String name) throws SQLException;

        void add(String statement, Object... params) throws SQLException;

        void event(MessageRef message, String type, Instant at, String detail, boolean machine);
    }

    /** One note's fetches in this batch. */
    private static final class Fetches {
        int count;
        Signal.Open firstHuman;
        Signal.Open firstMachine;
        Instant lastHuman;
    }

    private final Map<MessageRef, Fetches> notes = new LinkedHashMap<>();

    void add(Signal.Open open) {
        Fetches f = notes.computeIfAbsent(open.message(), m -> new Fetches());
        f.count++;
        if (open.machine()) {
            if (f.firstMachine == null || open.at().isBefore(f.firstMachine.at())) f.firstMachine = open;
        } else {
            if (f.firstHuman == null || open.at().isBefore(f.firstHuman.at())) f.firstHuman = open;
            if (f.lastHuman == null || open.at().isAfter(f.lastHuman)) f.lastHuman = open.at();
        }
    }

    /**
     * Counts the hits, claims the first opens (run at once: the events depend on what they
     * changed) and queues the events and the customers' engagement. A later human fetch is still a
     * sign of life, so it keeps the customer's last engagement fresh (silence and dormancy count
     * from it), but only a first open adds to their opens.
     */
    void write(Writes w, Instant now) throws SQLException {
        if (notes.isEmpty()) return;
        List<MessageRef> order = new ArrayList<>(notes.keySet());
        int[] held = claim(w, "message-fetched", order, m -> new Object[] {notes.get(m).count, m.run(), m.customerId()});
        List<MessageRef> human = new ArrayList<>();
        List<MessageRef> machine = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            if (held[i] == 0) continue;
            MessageRef m = order.get(i);
            if (notes.get(m).firstHuman != null) human.add(m);
            if (notes.get(m).firstMachine != null) machine.add(m);
        }
        int[] humanOpened = claim(w, "message-first-open", human, m -> new Object[] {notes.get(m).firstHuman.at(), m.run(), m.customerId()});
        int[] machineOpened = claim(w, "message-machine-open", machine,
                m -> new Object[] {notes.get(m).firstMachine.at(), m.run(), m.customerId()});
        for (int i = 0; i < machine.size(); i++) {
            if (machineOpened[i] > 0) opened(w, notes.get(machine.get(i)).firstMachine);
        }
        Map<Long, int[]> firstOpens = new LinkedHashMap<>();
        Map<Long, Instant> lastSeen = new LinkedHashMap<>();
        for (int i = 0; i < human.size(); i++) {
            Fetches f = notes.get(human.get(i));
            long customer = human.get(i).customerId();
            int[] count = firstOpens.computeIfAbsent(customer, c -> new int[1]);
            if (humanOpened[i] > 0) {
                opened(w, f.firstHuman);
                count[0]++;
            }
            lastSeen.merge(customer, f.lastHuman, (a, b) -> a.isAfter(b) ? a : b);
        }
        for (Map.Entry<Long, int[]> e : firstOpens.entrySet()) {
            Instant last = lastSeen.get(e.getKey());
            w.add("customer-opened", e.getValue()[0], now, last, last, e.getKey());
        }
        notes.clear();
    }

    private static void opened(Writes w, Signal.Open open) {
        w.event(open.message(), "open", open.at(), open.agent(), open.machine());
    }

    /** Runs one update per note now and answers how many rows each changed. */
    private static int[] claim(Writes w, String statement, List<MessageRef> messages,
                               java.util.function.Function<MessageRef, Object[]> params) throws SQLException {
        if (messages.isEmpty()) return new int[0];
        PreparedStatement st = w.statement(statement);
        for (MessageRef m : messages) {
            Jdbc.bind(st, params.apply(m));
            st.addBatch();
        }
        return st.executeBatch();
    }
}
