package rapport.cli;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code rapport}: the top of the command tree; on its own it prints the list of commands. */
@Command(name = "rapport", mixinStandardHelpOptions = true, version = "Rapport 0.1.0",
        description = "A value-first email newsletter engine: the right note, to the right person, or none.",
        subcommands = {})
final class RapportCommand implements Runnable {
    /** Every command, in the order the help lists them; {@link Main} registers them. */
    static final Map<String, Supplier<Object>> COMMANDS = commands();

    private static Map<String, Supplier<Object>> commands() {
        Map<String, Supplier<Object>> all = new LinkedHashMap<>();
        all.put("import", ImportCommand::new);
        all.put("customers", CustomersCommand::new);
        all.put("templates", TemplatesCommand::new);
        all.put("preview", PreviewCommand::new);
        all.put("send", SendCommand::new);
        all.put("serve", ServeCommand::new);
        all.put("studio", StudioCommand::new);
        all.put("poll", PollCommand::new);
        all.put("replies", RepliesCommand::new);
        all.put("report", ReportCommand::new);
        all.put("rewards", RewardsCommand::new);
        all.put("signup-form", SignupFormCommand::new);
        all.put("dkim", DkimCommand::new);
        all.put("warm-up", WarmUpCommand::new);
        all.put("doctor", DoctorCommand::new);
        all.put("init", InitCommand::new);
        all.put("completion", CompletionCommand::new);
        return Collections.unmodifiableMap(all);
    }

    @Spec
    CommandSpec spec;

    /** Inherited by every subcommand, so it may stand before or after the command name. */
    @Option(names = "--workspace", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "The workspace (default: $RAPPORT_HOME, else the current directory).")
    Path workspace;

    /** Set by {@link Main} when it started opening the workspace ahead of the command; may be null. */
    Workspace.Early early;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
