package rapport.cli;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The clock of a command run with {@code --as-of}: it reads the as-of instant when the command
 * starts and runs forward at the pace of real time, so everything the command records lies on
 * the as-of timeline in the order it happened. Tests that drive the engine without the command
 * line use it too, so a fixture's clock is the command's. Immutable and thread-safe.
 */
public final class CommandClock extends Clock {
    private final Instant start;
    private final long startNanos;

    private CommandClock(Instant start, long startNanos) {
        this.start = start;
        this.startNanos = startNanos;
    }

    /** A clock that reads {@code start} now and runs forward from it in real time. */
    public static Clock startingAt(Instant start) {
        return new CommandClock(start, System.nanoTime());
    }

    @Override
    public Instant instant() {
        return start.plusNanos(System.nanoTime() - startNanos);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (zone.equals(ZoneOffset.UTC)) return this;
        throw new UnsupportedOperationException("a command's clock is in UTC; convert its instants instead");
    }
}
