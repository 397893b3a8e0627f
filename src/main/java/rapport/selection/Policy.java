package rapport.selection;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import rapport.config.RapportConfig;

/**
 * The cadence rules the selector applies: days between notes per stage, dormancy, and the hard
 * cap. Immutable and thread-safe.
 */
public record Policy(Map<String, Integer> cadenceByStage, Dormancy dormancy, int dormantCadenceDays,
                     int maxNotes, int perDays, ZoneId zone) {

    /** The name pieces use to address customers who have been silent for a long time. */
    public static final String DORMANT = "dormant";

    public static Policy from(RapportConfig config) {
        Map<String, Integer> cadence = new LinkedHashMap<>();
        config.stages().forEach(s -> cadence.put(s.name(), s.cadenceDays()));
        return new Policy(Map.copyOf(cadence), dormancy(config), config.dormant().cadenceDays(),
                config.limits().maxNotes(), config.limits().perDays(), config.schedule().timeZone());
    }

    public static Dormancy dormancy(RapportConfig config) {
        return new Dormancy(config.dormant().afterDays(), config.schedule().timeZone());
    }
}
