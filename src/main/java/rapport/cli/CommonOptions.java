package rapport.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
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

    Workspace open() {
        RapportCommand root = (RapportCommand) spec.root().userObject();
        Path dir = Environment.workspace(root.workspace);
        if (root.early != null) {
            Optional<Workspace> early = root.early.take(dir, Clock.systemUTC());
            if (early.isPresent()) return early.get();
        }
        return Workspace.open(dir, Environment.variables(), Clock.systemUTC());
    }
}
