package rapport.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import rapport.schedule.PollSlots;

/** The poll slots taken (table {@code poll_slots}). Thread-safe: every call borrows its own connection. */
public final class PollSlotStore implements PollSlots {
    private static final Sql SQL = Sql.load("/rapport/store/poll-slots.sql");

    private final Database db;

    public PollSlotStore(Database db) {
        this.db = db;
    }

    @Override
    public Optional<String> take(Instant slot, String node, Instant now) {
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(SQL.get("insert"))) {
            Jdbc.bind(st, slot, node, now);
            st.executeUpdate();
            return Optional.empty();
        } catch (SQLException e) {
            // As a run is opened: an insert that fails because the row is there means another node
            // took the slot first (H2 and PostgreSQL word the duplicate key differently, the row says it).
            Optional<String> holder;
            try {
                holder = holder(slot);
            } catch (StoreException unread) {
                e.addSuppressed(unread);
                holder = Optional.empty();
            }
            if (holder.isEmpty()) throw CustomerStore.fault("take the poll slot " + slot, e);
            return holder;
        }
    }

    @Override
    public void forgetBefore(Instant before) {
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(SQL.get("forget"))) {
            Jdbc.bind(st, before);
            st.executeUpdate();
        } catch (SQLException e) {
            throw CustomerStore.fault("forget old poll slots", e);
        }
    }

    private Optional<String> holder(Instant slot) {
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(SQL.get("holder"))) {
            Jdbc.bind(st, slot);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw CustomerStore.fault("read the poll slot " + slot, e);
        }
    }
}
