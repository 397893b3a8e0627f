package rapport.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;
import rapport.config.ConfigException;
import rapport.config.Environment;
import rapport.customer.CustomerImport;
import rapport.store.StoreException;

/**
 * The one place where failures become exit codes and a single clear line on stderr: user
 * mistakes exit 2, faults exit 1. A stack trace is printed only with {@code RAPPORT_DEBUG=1}.
 */
final class Failures {
    static final int FAILED = 1;
    static final int BAD_INPUT = 2;
    /**
     * Not a failure: the import finished, but skipped rows a cron job should hear of. Apart from
     * 1 and 2, so a script can tell "some rows need fixing" from "nothing was imported".
     */
    static final int ROWS_REJECTED = 3;

    private Failures() {}

    static int handle(Exception e, CommandLine cli, ParseResult parsed) {
        PrintWriter err = cli.getErr();
        boolean userMistake = e instanceof ConfigException || e instanceof UsageException
                || e instanceof CustomerImport.BadFileException;
        int code = userMistake ? BAD_INPUT : FAILED;
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof StoreException) message = "database: " + message;
        err.println("rapport: " + message);
        if (Environment.debug() || code == FAILED && isBug(e)) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    static int handleUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        cli.getErr().println("rapport: " + e.getMessage());
        cli.getErr().println("Try '" + cli.getCommandSpec().qualifiedName() + " --help'.");
        return BAD_INPUT;
    }

    /** Faults that are ours, not the user's or the environment's: worth a stack trace. */
    private static boolean isBug(Exception e) {
        return e instanceof NullPointerException || e instanceof IllegalStateException
                || e instanceof ClassCastException || e instanceof IndexOutOfBoundsException;
    }
}
