package rapport.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine;
import rapport.config.Environment;

/** Entry point of the {@code rapport} command, and the one place that sets a system property. */
public final class Main {
    private static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code (0 done, 1 the job failed, 2 bad input). */
    public static int run(String... args) {
        return run(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
                new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true), args);
    }

    /** Runs one command line with the given standard output and error. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        nameMailStreamProvider();
        RapportCommand root = new RapportCommand();
        String named = commandName(args);
        // A preview reads the configuration and opens the database in any case: start both now,
        // beside picocli's start-up, rather than after it.
        if ("preview".equals(named) && !helpAsked(args)) {
            root.early = Workspace.Early.start(Environment.workspace(workspaceOption(args)), Environment.variables());
        }
        try {
            return run(root, named, out, err, args);
        } finally {
            if (root.early != null) root.early.closeIfNotTaken();
        }
    }

    private static int run(RapportCommand root, String named, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(root);
        // Picocli reads every registered command's options by reflection before it parses
        // anything: a cold command registers only itself, unless the line asks for the list.
        RapportCommand.COMMANDS.forEach((name, command) -> {
            if (named == null || named.equals(name)) cli.addSubcommand(name, command.get());
        });
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(Failures::handle);
        cli.setParameterExceptionHandler(Failures::handleUsage);
        return cli.execute(args);
    }

    /**
     * Jakarta Mail 2.1 finds its stream provider with a class-path scan each time a body part is
     * built or written (jakartaee/mail-api#861), and a send builds several per message. Named,
     * each lookup is a loaded-class lookup instead; the scan would find the same provider, so
     * this is for speed only. An operator's own choice is left alone.
     */
    private static void nameMailStreamProvider() {
        if (System.getProperty(STREAM_PROVIDER) == null) System.setProperty(STREAM_PROVIDER, "org.eclipse.angus.mail.util.MailStreamProvider");
    }

    /** The value of {@code --workspace DIR} or {@code --workspace=DIR} before the command, if given. */
    private static Path workspaceOption(String[] args) {
        Path found = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--workspace") && i + 1 < args.length) found = Path.of(args[++i]);
            else if (args[i].startsWith("--workspace=")) found = Path.of(args[i].substring("--workspace=".length()));
        }
        return found;
    }

    private static boolean helpAsked(String[] args) {
        for (String arg : args) if (arg.equals("-h") || arg.equals("--help") || arg.equals("-V") || arg.equals("--version")) return true;
        return false;
    }

    /** The command a line names (its first word that is not an option or --workspace's value), if it is one of ours. */
    private static String commandName(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--workspace")) {
                i++;
            } else if (!arg.startsWith("-")) {
                return RapportCommand.COMMANDS.containsKey(arg) ? arg : null;
            }
        }
        return null;
    }
}
