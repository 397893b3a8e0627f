package rapport.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * Hidden: walks every start-up path of a short command (configuration, database, import,
 * catalog, lint, selection, rendering, MIME, JSON) in a scratch workspace, so that the launcher
 * can record the classes it loads into a class-data-sharing archive. Touches no real workspace.
 */
@Command(name = "warm-up", hidden = true, description = "Record start-up classes for the launcher's class-data archive.")
final class WarmUpCommand implements Callable<Integer> {
    private static final String[] SAMPLE = {"config/rapport.yaml", "templates/_layout.ftlh", "templates/welcome.ftlh",
            "templates/welcome.txt.ftl", "samples/customers.csv"};

    @Override
    public Integer call() throws IOException {
        Path scratch = Files.createTempDirectory("rapport-warm-up");
        try {
            for (String name : SAMPLE) {
                try (InputStream in = WarmUpCommand.class.getResourceAsStream("/rapport/warmup/" + name)) {
                    Files.createDirectories(scratch.resolve(name).getParent());
                    Files.copy(in, scratch.resolve(name));
                }
            }
            PrintWriter sink = new PrintWriter(Writer.nullWriter());
            Map<String, String> env = Map.of();
            try (Workspace ws = Workspace.open(scratch, env, Clock.systemUTC())) {
                new rapport.customer.CustomerImport(ws.customers(), ws.config().stageNames(), ws.config().schedule().timeZone(),
                        java.time.LocalDate.now())
                        .run(scratch.resolve("samples/customers.csv"), java.nio.charset.StandardCharsets.UTF_8, false);
                Instant now = Instant.now();
                var customer = ws.customers().findByEmail("ana@example.com").orElseThrow();
                var plan = ws.nextNote(now).draft(customer, now);
                plan.note().ifPresent(n -> new rapport.render.MessageComposer(rapport.render.MessageComposer.offlineSession(),
                        ws.config().sender()).toEml(n, now));
                ws.customers().timeline(customer.id());
                Json.print(sink, Map.of("due", plan.decision().due().due(), "candidates", plan.decision().candidates()));
            }
            // The command line itself, as a marketer runs it: option parsing and the preview's
            // rendering of a due note (a new customer a week after their last contact is due).
            for (String[] line : new String[][] {
                    {"preview", "ana@example.com", "--as-of", "2026-01-10"},
                    {"preview", "ana@example.com", "--as-of", "2026-01-10", "--json"},
                    {"customers", "show", "ana@example.com"},
                    {"templates", "list"}}) {
                String[] args = new String[line.length + 2];
                args[0] = "--workspace";
                args[1] = scratch.toString();
                System.arraycopy(line, 0, args, 2, line.length);
                Main.run(sink, sink, args);
            }
            return 0;
        } finally {
            try (Stream<Path> files = Files.walk(scratch)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (UncheckedIOException ignored) {
                // Scratch files in the temp folder: the system cleans up what is left.
            }
        }
    }
}
