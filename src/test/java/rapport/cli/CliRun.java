package rapport.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Runs the real command line in-process against a copy of the sample workspace. */
final class CliRun {
    static final Path REPO = Path.of("").toAbsolutePath();

    record Result(int exit, String out, String err) {}

    private CliRun() {}

    /** A fresh workspace: the repository's config, templates and sample CSV, with its own database. */
    static Path sampleWorkspace(Path dir) throws IOException {
        copyTree(REPO.resolve("config"), dir.resolve("config"));
        copyTree(REPO.resolve("templates"), dir.resolve("templates"));
        copyTree(REPO.resolve("samples"), dir.resolve("samples"));
        return dir;
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

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
    }
}
