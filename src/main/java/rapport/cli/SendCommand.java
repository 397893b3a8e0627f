package rapport.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code rapport send}: part of the contract; not built yet, so it says so and does nothing. */
@Command(name = "send", mixinStandardHelpOptions = true, description = "One batch run now (what cron calls): plan, render, send, record. (not yet available)")
final class SendCommand implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Override
    public Integer call() {
        return NotYet.say(common, "send");
    }
}
