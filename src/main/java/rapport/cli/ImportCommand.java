package rapport.cli;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import rapport.customer.CustomerImport;
import rapport.customer.ImportReport;

/**
 * {@code rapport import FILE.csv}: add and update customers; bad rows are reported, not fatal
 * (exit 0, as the product contract says), and with {@code --strict} an import that rejected rows
 * exits {@value Failures#ROWS_REJECTED}, so a cron job can tell.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Add or update customers from a CSV file (header row required; email column required).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:imported (rejected rows, if any, are listed with line and reason)",
                "1:the import failed (e.g. the database is unreachable)",
                "2:bad usage or a file that cannot be imported at all (nothing is written)",
                "3:with --strict: some rows were rejected; the rest imported"})
final class ImportCommand implements Callable<Integer> {
    @Mixin CommonOptions common;

    /** Below this many written rows the embedded database's own background compaction suffices. */
    private static final int COMPACT_AFTER = 10_000;

    @Parameters(paramLabel = "FILE.csv", description = "The customers CSV (RFC 4180; UTF-8 unless --encoding names another).")
    Path file;

    @Option(names = "--encoding", paramLabel = "NAME", defaultValue = "UTF-8",
            description = "The file's encoding, a Java charset name (default UTF-8, with or without BOM; e.g. windows-1252 for"
                    + " an Excel \"CSV (Comma delimited)\" file). A file not valid in it is refused; nothing is written.")
    String encoding;

    @Option(names = "--dry-run", description = "Check the file and count what would change; write nothing.")
    boolean dryRun;

    @Option(names = "--strict", description = "Exit 3 when any row was rejected (the rest still imports): for cron.")
    boolean strict;

    /** The import day (the default joined_at) on the same timeline as a send --as-of. */
    @Mixin AsOfOption asOf;

    @Override
    public Integer call() {
        if (!Files.isReadable(file)) throw new UsageException(file + ": no such file");
        Charset charset = charset(encoding);
        try (Workspace ws = common.open(asOf)) {
            LocalDate today = ws.clock().instant().atZone(ws.config().schedule().timeZone()).toLocalDate();
            CustomerImport job = new CustomerImport(ws.customers(), ws.config().stageNames(),
                    ws.config().schedule().timeZone(), today);
            ImportReport report = job.run(file, charset, dryRun);
            if (report.imported() + report.updated() >= COMPACT_AFTER && !dryRun) ws.database().compactIfAlone();
            if (common.json) Json.print(common.out(), json(report));
            else print(report);
            return strict && !report.rejected().isEmpty() ? Failures.ROWS_REJECTED : 0;
        }
    }

    private static Charset charset(String name) {
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new UsageException("--encoding: unknown encoding \"" + name + "\" (a Java charset name, e.g. UTF-8 or windows-1252)");
        }
    }

    private static Map<String, Object> json(ImportReport report) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("imported", report.imported());
        out.put("updated", report.updated());
        out.put("rejected", report.rejected().stream()
                .map(r -> Map.<String, Object>of("line", r.line(), "reason", r.reason())).toList());
        out.put("dry_run", report.dryRun());
        return out;
    }

    private void print(ImportReport report) {
        var out = common.out();
        String verb = report.dryRun() ? "would import" : "imported";
        out.printf("%s: %s %d, %s %d, rejected %d%n", file.getFileName(), verb, report.imported(),
                report.dryRun() ? "would update" : "updated", report.updated(), report.rejected().size());
        List<ImportReport.Rejection> rejected = report.rejected();
        for (ImportReport.Rejection r : rejected) out.printf("  line %d: %s%n", r.line(), r.reason());
        if (report.dryRun()) out.println("(dry run: nothing was written)");
    }
}
