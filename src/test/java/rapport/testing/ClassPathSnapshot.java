package rapport.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The test's class path with its class folders copied aside, for child JVMs: they may run for a
 * minute or two, and a build running beside the test must not change their classes meanwhile.
 */
public final class ClassPathSnapshot {
    private ClassPathSnapshot() {}

    /** Copies the class folders under {@code into}; the class path to give a child JVM. */
    public static String of(Path into) throws IOException {
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path source = Path.of(entry);
            if (!Files.isDirectory(source)) {
                entries.add(entry);
                continue;
            }
            Path copy = into.resolve(Integer.toString(n++));
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Path target = copy.resolve(source.relativize(file).toString());
                    if (Files.isDirectory(file)) Files.createDirectories(target);
                    else Files.copy(file, target);
                }
            }
            entries.add(copy.toString());
        }
        return String.join(File.pathSeparator, entries);
    }
}
