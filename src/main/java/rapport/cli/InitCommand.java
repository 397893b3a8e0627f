package rapport.cli;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import rapport.config.ConfigLoader;

/**
 * {@code rapport init DIR}: a new workspace that works at once, copied out of the starter files
 * under {@code rapport/init/} in the jar: a commented configuration with the sender filled in,
 * a layout, a starter set of pieces for any small shop and a sample CSV.
 */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Creates a workspace in DIR (new, or an empty folder): config/rapport.yaml with your name and address,"
                + " templates/ with a layout and a starter set of pieces for every stage and kind, and samples/customers.csv."
                + " Then: cd DIR && rapport import samples/customers.csv && rapport send (notes land in outbox/).")
final class InitCommand implements Callable<Integer> {
    private static final String STARTER = "/rapport/init/";
    /** Every starter file, relative to the workspace; a jar's folders cannot be listed, so they are named here. */
    static final List<String> FILES = List.of(
            ConfigLoader.FILE,
            "templates/_layout.ftlh",
            "templates/_text.ftl",
            "templates/welcome.ftlh",
            "templates/getting-the-most.ftlh",
            "templates/how-we-started.ftlh",
            "templates/before-the-busy-season.ftlh",
            "templates/a-thank-you.ftlh",
            "templates/bring-a-friend.ftlh",
            "templates/one-question.ftlh",
            "templates/still-here.ftlh",
            "samples/customers.csv");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Where to create the workspace: a new folder or an empty one.")
    Path dir;

    @Option(names = "--name", paramLabel = "NAME", description = "Who the notes come from, as people see it (e.g. \"Sam at Corner Books\").")
    String name;

    @Option(names = "--address", paramLabel = "EMAIL", description = "The address the notes come from (e.g. hello@cornerbooks.example).")
    String address;

    @Override
    public Integer call() {
        Path target = dir.toAbsolutePath().normalize();
        refuseUnlessEmpty(target);
        Console console = System.console();
        String sender = answer(name, "--name", "Who do the notes come from (e.g. Sam at Corner Books)? ", console);
        String from = answer(address, "--address", "From which email address? ", console);
        String config = configText(sender.strip(), from.strip());
        // Checked as Rapport will read it, before anything is written: a bad address is refused
        // here with the key it concerns, not on the first send.
        ConfigLoader.parse(target, ConfigLoader.FILE, config, Map.of());
        write(target, config);
        var out = spec.commandLine().getOut();
        out.println("Created a workspace in " + target + ":");
        FILES.forEach(file -> out.println("  " + file));
        out.println("Next:");
        out.println("  cd " + target);
        out.println("  rapport import samples/customers.csv");
        out.println("  rapport preview alex.morgan@example.com");
        out.println("  rapport send                 # with no smtp.host, notes are written to outbox/");
        out.println("Before a real send, fill in the lines marked [your ...] in " + ConfigLoader.FILE + " and templates/.");
        out.flush();
        return 0;
    }

    private static void refuseUnlessEmpty(Path target) {
        if (!Files.exists(target)) return;
        if (!Files.isDirectory(target)) throw new UsageException(target + " exists and is not a folder: choose a new name for the workspace");
        try (Stream<Path> entries = Files.list(target)) {
            if (entries.findAny().isPresent()) {
                throw new UsageException(target + " is not empty: choose a new or an empty folder for the workspace");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + target, e);
        }
    }

    /** The option's value; missing, asked for on a terminal, or else a usage error naming the option. */
    private static String answer(String given, String option, String question, Console console) {
        if (given != null && !given.isBlank()) return given;
        if (console == null) {
            throw new UsageException("init needs " + option + " (e.g. rapport init shop --name \"Sam at Corner Books\""
                    + " --address hello@cornerbooks.example), or run it on a terminal to be asked");
        }
        String typed = console.readLine("%s", question);
        if (typed == null || typed.isBlank()) throw new UsageException("init needs " + option);
        return typed;
    }

    private static String configText(String sender, String from) {
        String domain = from.substring(from.lastIndexOf('@') + 1);
        return resource(ConfigLoader.FILE)
                .replace("{{name}}", yamlQuoted(sender))
                .replace("{{address}}", yamlQuoted(from))
                .replace("{{domain}}", domain);
    }

    /**
     * The inside of a double-quoted YAML scalar. A {@code ${} in it would be read as an
     * environment variable when the file is loaded, so it is refused rather than written.
     */
    private static String yamlQuoted(String value) {
        if (value.contains("${")) throw new UsageException("\"" + value + "\": ${ would be read as an environment variable");
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static void write(Path target, String config) {
        try {
            for (String file : FILES) {
                Path path = target.resolve(file);
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.equals(ConfigLoader.FILE) ? config : resource(file), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the workspace in " + target, e);
        }
    }

    private static String resource(String file) {
        try (InputStream in = InitCommand.class.getResourceAsStream(STARTER + file)) {
            if (in == null) throw new IllegalStateException("starter file missing from the jar: " + STARTER + file);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the starter file " + file, e);
        }
    }
}
