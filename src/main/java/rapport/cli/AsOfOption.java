package rapport.cli;

import java.time.Clock;
import java.time.ZoneId;
import picocli.CommandLine.Option;

/** {@code --as-of}: the command's clock starts at that moment instead of now (SPEC "Time"). */
final class AsOfOption {
    @Option(names = "--as-of", paramLabel = "DATE",
            description = "Run as of this date (the start of that day in schedule.time_zone) or date-time; default: now.")
    String asOf;

    /** The command's clock: the system clock, or one that starts at --as-of and runs forward. */
    Clock clock(ZoneId zone) {
        if (asOf == null) return Clock.systemUTC();
        return CommandClock.startingAt(AsOf.resolve(asOf, zone));
    }
}
