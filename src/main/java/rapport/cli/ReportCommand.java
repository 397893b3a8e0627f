package rapport.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.jsoup.nodes.Entities;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import rapport.content.Catalog;
import rapport.content.Kind;
import rapport.content.Piece;
import rapport.store.ReportStore;

/** {@code rapport report}: where the relationships stand, and which notes people valued. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "The relationship report: the stage funnel, engagement by piece and by kind (opened, clicked and "
                + "answered by a person, not by a proxy or a scanner), and the replies. With --out, also as an HTML page.")
final class ReportCommand implements Callable<Integer> {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm z", Locale.ENGLISH);
    /** What a piece no longer in the catalog is listed under, by kind. */
    private static final String REMOVED = "(no longer in the catalog)";

    @Mixin CommonOptions common;

    @Option(names = "--out", paramLabel = "FILE.html", description = "Also write the report as an HTML page to this file.")
    Path out;

    /** The figures of one piece or kind: notes sent, and of those bounced, opened, clicked and answered. */
    record Line(String name, String kind, long sent, long bounced, long opened, long clicked, long replied) {
        long delivered() {
            return sent - bounced;
        }

        Line plus(ReportStore.Piece p) {
            return new Line(name, kind, sent + p.sent(), bounced + p.bounced(), opened + p.opened(), clicked + p.clicked(),
                    replied + p.replied());
        }
    }

    /** Mailable customers at one stage, and how many of them are dormant. */
    record Stage(String stage, long people, long dormant) {}

    record Report(ZonedDateTime at, List<Stage> funnel, Map<String, Long> statuses, List<Line> pieces, List<Line> kinds,
                  ReportStore.Replies replies) {}

    @Override
    public Integer call() {
        Report report;
        try (Workspace ws = common.open()) {
            report = read(ws);
        }
        if (out != null) writeHtml(report, out);
        if (common.json) {
            Json.print(common.out(), json(report));
        } else {
            printText(common.out(), report);
            if (out != null) common.out().printf("%nAlso written to %s%n", out);
            common.out().flush();
        }
        return 0;
    }

    private static Report read(Workspace ws) {
        ReportStore store = new ReportStore(ws.database());
        ZoneId zone = ws.config().schedule().timeZone();
        // The configured order of stages first, then any other stage still on file.
        Map<String, Stage> byStage = new LinkedHashMap<>();
        for (String stage : ws.config().stageNames()) byStage.put(stage, new Stage(stage, 0, 0));
        Map<String, Long> statuses = new TreeMap<>();
        for (ReportStore.People p : store.people()) {
            statuses.merge(p.status(), p.people(), Long::sum);
            if (p.status().equals("active")) byStage.put(p.stage(), new Stage(p.stage(), p.people(), p.dormant()));
        }
        Catalog catalog = ws.catalog();
        List<Line> pieces = new ArrayList<>();
        Map<String, Line> kinds = new TreeMap<>();
        for (ReportStore.Piece p : store.pieces()) {
            String kind = catalog.piece(p.piece()).map(Piece::kind).map(Kind::label).orElse(REMOVED);
            pieces.add(new Line(p.piece(), kind, 0, 0, 0, 0, 0).plus(p));
            kinds.compute(kind, (k, sum) -> (sum == null ? new Line(k, k, 0, 0, 0, 0, 0) : sum).plus(p));
        }
        // Most valued first: the share of delivered notes a person answered, clicked, then opened.
        Comparator<Line> valued = Comparator.comparingDouble((Line l) -> rate(l.replied(), l.delivered()))
                .thenComparingDouble(l -> rate(l.clicked(), l.delivered()))
                .thenComparingDouble(l -> rate(l.opened(), l.delivered())).reversed()
                .thenComparing(Line::name);
        pieces.sort(valued);
        List<Line> kindLines = new ArrayList<>(kinds.values());
        kindLines.sort(valued);
        return new Report(ws.clock().instant().atZone(zone), List.copyOf(byStage.values()), statuses, pieces, kindLines,
                store.replies());
    }

    static double rate(long part, long of) {
        return of <= 0 ? 0 : (double) part / of;
    }

    private static String percent(long part, long of) {
        return of <= 0 ? "-" : Math.round(100.0 * part / of) + "%";
    }

    private static void printText(PrintWriter out, Report r) {
        out.printf("Relationship report, %s%n%n", WHEN.format(r.at()));
        out.println("Stage funnel (customers who can be mailed)");
        for (Stage s : r.funnel()) {
            out.printf("  %-16s %8d%s%n", s.stage(), s.people(), s.dormant() > 0 ? "   of whom dormant " + s.dormant() : "");
        }
        List<String> others = new ArrayList<>();
        r.statuses().forEach((status, n) -> {
            if (!status.equals("active")) others.add(status + " " + n);
        });
        out.printf("  not mailed: %s%n%n", others.isEmpty() ? "nobody" : String.join(", ", others));
        if (r.pieces().isEmpty()) {
            out.println("No notes sent yet.");
        } else {
            out.println("Engagement by piece (of the notes delivered: opened, clicked, answered by a person)");
            table(out, "piece", r.pieces(), true);
            out.println();
            out.println("Engagement by kind");
            table(out, "kind", r.kinds(), false);
        }
        out.println();
        out.printf("Replies: %d in all, %d waiting for a personal answer%s%n", r.replies().total(), r.replies().waiting(),
                r.replies().waiting() > 0 ? " (rapport replies)" : "");
    }

    private static void table(PrintWriter out, String first, List<Line> lines, boolean withKind) {
        int width = Math.max(first.length(), lines.stream().mapToInt(l -> l.name().length()).max().orElse(0));
        String head = "  %-" + width + "s " + (withKind ? "%-12s " : "%s") + "%7s %7s %12s %12s %12s%n";
        out.printf(head, first, withKind ? "kind" : "", "sent", "bounced", "opened", "clicked", "replied");
        for (Line l : lines) {
            out.printf(head, l.name(), withKind ? l.kind() : "", l.sent(), l.bounced(),
                    l.opened() + " " + percent(l.opened(), l.delivered()), l.clicked() + " " + percent(l.clicked(), l.delivered()),
                    l.replied() + " " + percent(l.replied(), l.delivered()));
        }
    }

    private static Map<String, Object> json(Report r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("generated_at", r.at().toInstant().toString());
        m.put("funnel", r.funnel().stream().map(s -> {
            Map<String, Object> stage = new LinkedHashMap<>();
            stage.put("stage", s.stage());
            stage.put("customers", s.people());
            stage.put("dormant", s.dormant());
            return stage;
        }).toList());
        m.put("statuses", r.statuses());
        m.put("pieces", r.pieces().stream().map(l -> json(l, "template")).toList());
        m.put("kinds", r.kinds().stream().map(l -> json(l, "kind")).toList());
        Map<String, Object> replies = new LinkedHashMap<>();
        replies.put("total", r.replies().total());
        replies.put("waiting", r.replies().waiting());
        m.put("replies", replies);
        return m;
    }

    private static Map<String, Object> json(Line l, String nameKey) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(nameKey, l.name());
        if (nameKey.equals("template")) m.put("kind", l.kind());
        m.put("sent", l.sent());
        m.put("bounced", l.bounced());
        m.put("opened", l.opened());
        m.put("clicked", l.clicked());
        m.put("replied", l.replied());
        m.put("open_rate", rate(l.opened(), l.delivered()));
        m.put("click_rate", rate(l.clicked(), l.delivered()));
        m.put("reply_rate", rate(l.replied(), l.delivered()));
        return m;
    }

    /** Written beside the target and moved into place: a reader never sees half a page. */
    private static void writeHtml(Report r, Path file) {
        StringBuilder h = new StringBuilder(8192);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Relationship report</title>\n")
                .append("<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:0 0 1.5em}")
                .append("th,td{padding:4px 10px;border-bottom:1px solid #ddd;text-align:right}th:first-child,td:first-child")
                .append("{text-align:left}</style></head><body>\n")
                .append("<h1>Relationship report</h1>\n<p>").append(Entities.escape(WHEN.format(r.at()))).append("</p>\n")
                .append("<h2>Stage funnel</h2>\n<table><tr><th>stage</th><th>customers</th><th>of whom dormant</th></tr>\n");
        for (Stage s : r.funnel()) {
            h.append("<tr><td>").append(Entities.escape(s.stage())).append("</td><td>").append(s.people()).append("</td><td>")
                    .append(s.dormant()).append("</td></tr>\n");
        }
        h.append("</table>\n<table><tr><th>status</th><th>customers</th></tr>\n");
        r.statuses().forEach((status, n) -> h.append("<tr><td>").append(Entities.escape(status)).append("</td><td>").append(n).append("</td></tr>\n"));
        h.append("</table>\n");
        htmlTable(h, "Engagement by piece", "piece", r.pieces());
        htmlTable(h, "Engagement by kind", "kind", r.kinds());
        h.append("<h2>Replies</h2>\n<p>").append(r.replies().total()).append(" in all, ").append(r.replies().waiting())
                .append(" waiting for a personal answer.</p>\n</body></html>\n");
        Path target = file.toAbsolutePath();
        try {
            Path dir = target.getParent();
            if (dir != null) Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, ".report-", ".html");
            try {
                Files.writeString(temp, h, StandardCharsets.UTF_8);
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UsageException("cannot write the report to " + file + ": " + e.getMessage());
        }
    }

    private static void htmlTable(StringBuilder h, String title, String first, List<Line> lines) {
        h.append("<h2>").append(Entities.escape(title)).append("</h2>\n");
        if (lines.isEmpty()) {
            h.append("<p>No notes sent yet.</p>\n");
            return;
        }
        h.append("<table><tr><th>").append(first).append("</th>").append(first.equals("piece") ? "<th>kind</th>" : "")
                .append("<th>sent</th><th>bounced</th><th>opened</th><th>clicked</th><th>replied</th></tr>\n");
        for (Line l : lines) {
            h.append("<tr><td>").append(Entities.escape(l.name())).append("</td>");
            if (first.equals("piece")) h.append("<td>").append(Entities.escape(l.kind())).append("</td>");
            h.append("<td>").append(l.sent()).append("</td><td>").append(l.bounced()).append("</td>");
            for (long n : new long[] {l.opened(), l.clicked(), l.replied()}) {
                h.append("<td>").append(n).append(" (").append(percent(n, l.delivered())).append(")</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }
}
