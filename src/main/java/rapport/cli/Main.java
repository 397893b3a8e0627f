package rapport.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Entry point of the {@code rapport} command. */
public final class Main {
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
        CommandLine cli = new CommandLine(new RapportCommand());
        // Picocli reads every registered command's options by reflection before it parses
        // anything: a cold command registers only itself, unless the line asks for the list.
        String named = commandName(args);
        RapportCommand.COMMANDS.forEach((name, command) -> {
            if (named == null || named.equals(name)) cli.addSubcommand(name, command.get());
        });
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(Failures::handle);
        cli.setParameterExceptionHandler(Failures::handleUsage);
        return cli.execute(args);
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
