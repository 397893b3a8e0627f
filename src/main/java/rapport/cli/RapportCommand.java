package rapport.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code rapport}: the top of the command tree; on its own it prints the list of commands. */
@Command(name = "rapport", mixinStandardHelpOptions = true, version = "Rapport 0.1.0",
        description = "A value-first email newsletter engine: the right note, to the right person, or none.",
        subcommands = {
                ImportCommand.class,
                CustomersCommand.class,
                TemplatesCommand.class,
                PreviewCommand.class,
                SendCommand.class,
                ServeCommand.class,
                PollCommand.class,
                RepliesCommand.class,
                ReportCommand.class,
                WarmUpCommand.class,
        })
final class RapportCommand implements Runnable {
    @Spec
    CommandSpec spec;

    /** Inherited by every subcommand, so it may stand before or after the command name. */
    @Option(names = "--workspace", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "The workspace (default: $RAPPORT_HOME, else the current directory).")
    Path workspace;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
