package rapport.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code rapport poll}: part of the contract; not built yet, so it says so and does nothing. */
@Command(name = "poll", mixinStandardHelpOptions = true, description = "Read the reply mailbox once: replies, bounces, unsubscribes. (not yet available)")
final class PollCommand implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Override
    public Integer call() {
        return NotYet.say(common, "poll");
    }
}
