package rapport.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import rapport.config.RapportConfig.StageConfig;
import rapport.feedback.StagePass;
import rapport.feedback.StagePass.Changes;
import rapport.feedback.StageRules;

/**
 * Applies the stage rules to the stored customers: promotions up the ladder, falling dormant
 * after a long silence, and waking from it on engagement, each with a {@code stage} event that
 * says why. One transaction per pass, so a pass is all or nothing. Thread-safe.
 */
public final class RelationshipStore implements StagePass.Relationships {
    private static final Sql SQL = Sql.load("/rapport/store/relationship.sql");
    /** The three disjoint ways to have been silent since the cut-off (relationship.sql says which). */
    private static final List<String> QUIET = List.of("engaged", "noted", "joined");
    /**
     * Below every date a customer can carry: a lower bound lets the index skip the rows without
     * one. Not the epoch: an imported last contact of "0226-11-24" (a typo) or 1969 is a date too.
     */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

    private final Database db;

    public RelationshipStore(Database db) {
        this.db = db;
    }

    /** Moves every customer the rules say should move, as of {@code now}. */
    @Override
    public Changes apply(StageRules rules, Instant now) {
        int[] counts = new int[3];
        Jdbc.transaction(db, "apply the stage rules", c -> {
            record Promotion(long id, StageRules.Move move) {}
            List<Promotion> promotions = new ArrayList<>();
            for (StageConfig stage : rules.promotable()) {
                Instant from = rules.windowStart(stage, now);
                Map<Long, StageRules.Engagement> engaged = new LinkedHashMap<>();
                try (PreparedStatement st = c.prepareStatement(SQL.get("engagement-at-stage"))) {
                    Jdbc.bind(st, stage.name(), from, from);
                    try (ResultSet rs = st.executeQuery()) {
                        while (rs.next()) {
                            engaged.put(rs.getLong("id"),
                                    new StageRules.Engagement(rs.getInt("opens"), rs.getInt("clicks"), rs.getInt("replies")));
                        }
                    }
                }
                if (stage.promote().orElseThrow().referrals() > 0) {
                    try (PreparedStatement st = c.prepareStatement(SQL.get("referrals-at-stage"))) {
                        Jdbc.bind(st, stage.name(), from);
                        try (ResultSet rs = st.executeQuery()) {
                            while (rs.next()) {
                                int brought = rs.getInt("referrals");
                                engaged.merge(rs.getLong("id"), new StageRules.Engagement(0, 0, 0, brought),
                                        (e, r) -> new StageRules.Engagement(e.opens(), e.clicks(), e.replies(), brought));
                            }
                        }
                    }
                }
                for (Map.Entry<Long, StageRules.Engagement> e : engaged.entrySet()) {
                    Optional<StageRules.Move> move = rules.promotion(stage, e.getValue());
                    if (move.isPresent()) promotions.add(new Promotion(e.getKey(), move.get()));
                }
            }
            try (PreparedStatement promote = c.prepareStatement(SQL.get("promote"));
                 PreparedStatement event = c.prepareStatement(SQL.get("stage-event"))) {
                for (Promotion p : promotions) {
                    Jdbc.bind(promote, p.move().to(), now, now, p.id(), p.move().from());
                    promote.addBatch();
                    Jdbc.bind(event, p.id(), now, p.move().from() + " → " + p.move().to() + ": " + p.move().reason());
                    event.addBatch();
                }
                promote.executeBatch();
                event.executeBatch();
            }
            counts[0] = promotions.size();
            Instant silentBefore = rules.dormancy().silentBefore(now);
            String days = String.valueOf(rules.dormancy().afterDays());
            for (String quiet : QUIET) {
                // Dates of engagement and notes are bounded below too, so the index skips the empty ones.
                Object[] bounds = quiet.equals("joined") ? new Object[] {rules.dormancy().firstDayTooRecent(now)}
                        : new Object[] {EARLIEST, silentBefore};
                counts[1] += update(c, SQL.get("dormant-events-" + quiet), params(bounds, now, days));
                update(c, SQL.get("go-dormant-" + quiet), params(bounds, now));
            }
            counts[2] = update(c, SQL.get("wake-events"), EARLIEST);
            update(c, SQL.get("wake"), EARLIEST);
        });
        return new Changes(counts[0], counts[1], counts[2]);
    }

    private static int update(java.sql.Connection c, String sql, Object... params) throws java.sql.SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            Jdbc.bind(st, params);
            return st.executeUpdate();
        }
    }

    /** The statement's own parameters, then the quiet condition's bounds. */
    private static Object[] params(Object[] bounds, Object... first) {
        return Stream.concat(Arrays.stream(first), Arrays.stream(bounds)).toArray();
    }
}
