package rapport.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.jsoup.nodes.Entities;
import rapport.selection.LearnedValue;
import rapport.cli.ReportCommand.Line;
import rapport.cli.ReportCommand.Report;
import rapport.cli.ReportCommand.Stage;

/** The relationship report as one HTML page, for {@code report --out}. Stateless. */
final class ReportPage {
    private ReportPage() {}

    /** Written beside the target and moved into place: a reader never sees half a page. */
    static void write(Report r, Path file) {
        StringBuilder h = new StringBuilder(8192);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Relationship report</title>\n")
                .append("<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:0 0 1.5em}")
                .append("th,td{padding:4px 10px;border-bottom:1px solid #ddd;text-align:right}th:first-child,td:first-child")
                .append("{text-align:left}</style></head><body>\n")
                .append("<h1>Relationship report</h1>\n<p>").append(Entities.escape(ReportCommand.WHEN.format(r.at())))
                .append("</p>\n")
                .append("<h2>Stage funnel</h2>\n<table><tr><th>stage</th><th>customers</th><th>of whom dormant</th></tr>\n");
        for (Stage s : r.funnel()) {
            h.append("<tr><td>").append(Entities.escape(s.stage())).append("</td><td>").append(s.people()).append("</td><td>")
                    .append(s.dormant()).append("</td></tr>\n");
        }
        h.append("</table>\n<table><tr><th>status</th><th>customers</th></tr>\n");
        r.statuses().forEach((status, n) -> h.append("<tr><td>").append(Entities.escape(status)).append("</td><td>").append(n).append("</td></tr>\n"));
        h.append("</table>\n");
        table(h, "Engagement by piece", "piece", r.pieces());
        table(h, "Engagement by kind", "kind", r.kinds());
        periods(h, "The club by month", r.club());
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

    /** Every period, quiet ones too: a month with nobody new is worth seeing beside the others. */
    private static void periods(StringBuilder h, String title, ReportPeriods table) {
        h.append("<h2>").append(Entities.escape(title)).append("</h2>\n<table><tr><th>").append(Entities.escape(table.heading()))
                .append("</th>");
        for (ReportPeriods.Column c : table.columns()) h.append("<th>").append(Entities.escape(c.heading())).append("</th>");
        h.append("</tr>\n");
        for (ReportPeriods.Period p : table.periods()) {
            h.append("<tr><td>").append(Entities.escape(table.label(p))).append("</td>");
            for (long n : p.counts()) h.append("<td>").append(n).append("</td>");
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private static void table(StringBuilder h, String title, String first, List<Line> lines) {
        h.append("<h2>").append(Entities.escape(title)).append("</h2>\n");
        if (lines.isEmpty()) {
            h.append("<p>No notes sent yet.</p>\n");
            return;
        }
        h.append("<table><tr><th>").append(first).append("</th>").append(first.equals("piece") ? "<th>kind</th>" : "")
                .append("<th>sent</th><th>bounced</th><th>opened</th><th>clicked</th><th>replied</th>")
                .append("<th>useful</th><th>not for me</th><th>learned value (5%–95%)</th><th></th></tr>\n");
        for (Line l : lines) {
            h.append("<tr><td>").append(Entities.escape(l.name())).append("</td>");
            if (first.equals("piece")) h.append("<td>").append(Entities.escape(l.kind())).append("</td>");
            h.append("<td>").append(l.sent()).append("</td><td>").append(l.bounced()).append("</td>");
            for (long n : new long[] {l.opened(), l.clicked(), l.replied()}) {
                h.append("<td>").append(n).append(" (").append(ReportCommand.percent(n, l.delivered())).append(")</td>");
            }
            h.append("<td>").append(l.value().useful()).append("</td><td>").append(l.value().notForMe()).append("</td><td>")
                    .append(Entities.escape(LearnedValue.signed(l.value().learned()))).append(" (")
                    .append(Entities.escape(l.value().band())).append(")</td><td>")
                    .append(l.value().retire() ? "consider retiring" : "").append("</td></tr>\n");
        }
        h.append("</table>\n");
    }
}
