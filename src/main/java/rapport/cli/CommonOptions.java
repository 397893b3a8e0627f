package rapport.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.function.Function;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import rapport.config.Environment;

/** The options every command shares: where the workspace is, and JSON output. */
final class CommonOptions {
    @Option(names = "--json", description = "Print one JSON document on stdout instead of text.")
    boolean json;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** Standard output of this command line (tests give their own). */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** The workspace, on the system clock. */
    Workspace open() {
        return open(zone -> Clock.systemUTC());
    }

    /** The workspace, on the clock {@code --as-of} sets. */
    Workspace open(AsOfOption asOf) {
        return open(asOf::clock);
    }

    private Workspace open(Function<ZoneId, Clock> clock) {
        RapportCommand root = (RapportCommand) spec.root().userObject();
        Path dir = Environment.workspace(root.workspace);
        if (root.early != null) {
            Optional<Workspace> early = root.early.take(dir, clock);
            if (early.isPresent()) return early.get();
        }
        return Workspace.open(dir, Environment.variables(), clock);
    }
}
