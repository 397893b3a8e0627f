package rapport.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code rapport report}: part of the contract; not built yet, so it says so and does nothing. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "The relationship report. (not yet available)")
final class ReportCommand implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Override
    public Integer call() {
        return NotYet.say(common, "report");
    }
}
