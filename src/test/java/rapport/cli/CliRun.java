package rapport.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import rapport.TestWorkspace;

/** Runs the real command line in-process against a copy of the sample workspace. */
final class CliRun {
    static final Path REPO = Path.of("").toAbsolutePath();

    record Result(int exit, String out, String err) {}

    private CliRun() {}

    /** The sample workspace, for a test to vary before writing it: the sample config, templates and CSV. */
    static TestWorkspace sample() {
        return TestWorkspace.sample().sampleTemplates().sampleCustomers();
    }

    /** A fresh workspace: the sample config, the repository's templates and sample CSV, with its own database. */
    static Path sampleWorkspace(Path dir) {
        return sample().write(dir);
    }

    static Result run(Path workspace, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        if (workspace != null) {
            all.add("--workspace");
            all.add(workspace.toString());
        }
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
        return new Result(exit, out.toString(), err.toString());
    }
}
