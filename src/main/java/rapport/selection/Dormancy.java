package rapport.selection;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The one definition of dormancy: a customer is dormant once {@code afterDays} calendar days (in
 * the schedule's zone) have passed since their silence began. The selector asks it of one
 * customer; the stage pass asks for the instant before which a silence is long enough, to find
 * every such customer through an index. Both answers come from {@link #lastQuietDay}, so they
 * always agree. Immutable and thread-safe.
 */
public record Dormancy(int afterDays, ZoneId zone) {

    /** The latest day a silence may have begun for a customer to be dormant on {@code today}. */
    public LocalDate lastQuietDay(LocalDate today) {
        return today.minusDays(afterDays);
    }

    public boolean isDormant(LocalDate silentSince, LocalDate today) {
        return !silentSince.isAfter(lastQuietDay(today));
    }

    /** A silence that began before this instant is long enough at {@code now}. */
    public Instant silentBefore(Instant now) {
        return firstDayTooRecent(now).atStartOfDay(zone).toInstant();
    }

    /** A customer who joined before this day, and was never heard from or written to since, is dormant at {@code now}. */
    public LocalDate firstDayTooRecent(Instant now) {
        return lastQuietDay(now.atZone(zone).toLocalDate()).plusDays(1);
    }
}
