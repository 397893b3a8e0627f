package rapport.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code rapport serve}: part of the contract; not built yet, so it says so and does nothing. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Long-running: the weekly send, the mailbox poll and the tracking endpoints. (not yet available)")
final class ServeCommand implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Override
    public Integer call() {
        return NotYet.say(common, "serve");
    }
}
