package rapport.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import rapport.selection.Evidence;

/**
 * What people did with each piece, per stage, read in one aggregate query over
 * {@code note_feedback}: the evidence the learned value of a piece is made from, loaded once per
 * command. Thread-safe: every call borrows its own connection.
 */
public final class EvidenceStore {
    private static final Sql SQL = Sql.load("/rapport/store/evidence.sql");

    private final Database db;

    public EvidenceStore(Database db) {
        this.db = db;
    }

    /** One row per (piece, stage) that drew any verdict. */
    public List<Evidence> byPieceAndStage() {
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(SQL.get("by-piece-and-stage"));
             ResultSet rs = st.executeQuery()) {
            List<Evidence> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Evidence(rs.getString("piece"), rs.getString("stage"), rs.getLong("useful"),
                        rs.getLong("not_for_me"), rs.getLong("engaged"), rs.getLong("left_after")));
            }
            return out;
        } catch (SQLException e) {
            throw CustomerStore.fault("read what people said about each piece", e);
        }
    }
}
