package rapport.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code rapport replies}: part of the contract; not built yet, so it says so and does nothing. */
@Command(name = "replies", mixinStandardHelpOptions = true, description = "Replies that still want a personal answer. (not yet available)")
final class RepliesCommand implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Override
    public Integer call() {
        return NotYet.say(common, "replies");
    }
}
