package rapport.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * Reads {@code --as-of}: an ISO date (the start of that day in {@code schedule.time_zone}), or
 * an ISO date-time with or without an offset. Stateless.
 */
final class AsOf {
    private AsOf() {}

    static Instant resolve(String text, ZoneId zone) {
        try {
            if (text.length() == 10) return LocalDate.parse(text).atStartOfDay(zone).toInstant();
            if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$")) return OffsetDateTime.parse(text).toInstant();
            return LocalDateTime.parse(text).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new UsageException("--as-of: \"" + text + "\" is not an ISO date (2026-12-01) or date-time (2026-12-01T09:00)");
        }
    }
}
