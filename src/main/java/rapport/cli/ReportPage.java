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

/**
 * The relationship report as one HTML page, for {@code report --out}: a chart for each part
 * ({@link ReportChartsSections}) with its plain numbers in a table beside it. One file, with its
 * style and drawings inline and no script, so it can be mailed or opened from a disk; it fits a
 * phone, where a wide table scrolls within its own box rather than the page. Stateless.
 */
final class ReportPage {
    private static final String STYLE = "body{font-family:sans-serif;color:#222;line-height:1.4;margin:0 auto;padding:1em;"
            + "max-width:75em}h1{font-size:1.6em;margin:.2em 0}h2{font-size:1.25em;margin:1.6em 0 .5em;border-top:1px solid #ddd;"
            + "padding-top:.8em}p{margin:.4em 0 .8em}figure{margin:0 0 1em;max-width:32em}figure svg{display:block;width:100%;"
            + "height:auto}.caption{font-weight:bold}.legend{list-style:none;padding:0;margin:.2em 0 .3em;display:flex;flex-wrap:wrap;gap:.2em 1.2em;"
            + "font-size:.9em}.key{display:inline-block;width:.8em;height:.8em;margin-right:.4em;vertical-align:-.05em}"
            + ".table{overflow-x:auto;margin:0 0 1.2em}table{border-collapse:collapse}th,td{padding:4px 10px;"
            + "border-bottom:1px solid #ddd;text-align:right;white-space:nowrap}th:first-child,td:first-child{text-align:left}"
            + ".note{color:#555;font-size:.9em}.big{font-size:1.5em;font-weight:bold}"
            + "@media (max-width:30em){table{font-size:.9em}th,td{padding:3px 6px}th{white-space:normal}}";

    private ReportPage() {}

    /** Written beside the target and moved into place: a reader never sees half a page. */
    static void write(Report r, Path file) {
        Path target = file.toAbsolutePath();
        try {
            Path dir = target.getParent();
            if (dir != null) Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, ".report-", ".html");
            try {
                Files.writeString(temp, html(r), StandardCharsets.UTF_8);
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UsageException("cannot write the report to " + file + ": " + e.getMessage());
        }
    }

    static String html(Report r) {
        StringBuilder h = new StringBuilder(65536);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Relationship report</title>\n")
                .append("<style>").append(STYLE).append("</style></head><body>\n")
                .append("<h1>Relationship report</h1>\n<p>").append(esc(ReportCommand.WHEN.format(r.at()))).append("</p>\n")
                .append("<h2>Stage funnel</h2>\n").append(ReportChartsSections.funnel(r))
                .append("<div class=\"table\"><table><tr><th>stage</th><th>customers</th><th>share</th><th>of whom dormant</th></tr>\n");
        long mailable = r.funnel().stream().mapToLong(Stage::people).sum();
        for (Stage s : r.funnel()) {
            h.append("<tr><td>").append(esc(s.stage())).append("</td><td>").append(s.people()).append("</td><td>")
                    .append(ReportCommand.percent(s.people(), mailable)).append("</td><td>").append(s.dormant()).append("</td></tr>\n");
        }
        h.append("</table></div>\n<div class=\"table\"><table><tr><th>status</th><th>customers</th></tr>\n");
        r.statuses().forEach((status, n) -> h.append("<tr><td>").append(esc(status)).append("</td><td>").append(n).append("</td></tr>\n"));
        h.append("</table></div>\n<h2>How the stages moved, month by month</h2>\n")
                .append(ReportChartsSections.byPeriod("stages", "Customers who reached each stage, went dormant or came back", r.stages()));
        periods(h, r.stages());
        h.append("<h2>Week by week</h2>\n").append(ReportChartsSections.weeks(r.weeks()));
        h.append("<h2>Learned value per piece</h2>\n").append(ReportChartsSections.learned(r));
        table(h, "Engagement by piece", "piece", r.pieces());
        table(h, "Engagement by kind", "kind", r.kinds());
        ReportRuns.html(h, r.runs());
        h.append("<h2>The club by month</h2>\n").append(ReportChartsSections.byPeriod("club", "People who asked to join, confirmed, friends counted and rewards earned", r.club()));
        periods(h, r.club());
        long waiting = r.replies().waiting();
        h.append("<h2>Replies</h2>\n<p><span class=\"big\">").append(waiting).append("</span> waiting for a personal answer")
                .append(waiting > 0 ? " (<code>rapport replies</code>)" : "").append(", of ").append(r.replies().total())
                .append(" replies in all.</p>\n</body></html>\n");
        return h.toString();
    }

    /** Every period, quiet ones too: a month with nobody new is worth seeing beside the others. */
    private static void periods(StringBuilder h, ReportPeriods table) {
        h.append("<div class=\"table\"><table><tr><th>").append(esc(table.heading())).append("</th>");
        for (ReportPeriods.Column c : table.columns()) h.append("<th>").append(esc(c.heading())).append("</th>");
        h.append("</tr>\n");
        for (ReportPeriods.Period p : table.periods()) {
            h.append("<tr><td>").append(esc(table.label(p))).append("</td>");
            for (long n : p.counts()) h.append("<td>").append(n).append("</td>");
            h.append("</tr>\n");
        }
        h.append("</table></div>\n");
    }

    private static void table(StringBuilder h, String title, String first, List<Line> lines) {
        h.append("<h2>").append(esc(title)).append("</h2>\n");
        if (lines.isEmpty()) {
            h.append("<p>No notes sent yet.</p>\n");
            return;
        }
        h.append("<div class=\"table\"><table><tr><th>").append(first).append("</th>").append(first.equals("piece") ? "<th>kind</th>" : "")
                .append("<th>sent</th><th>bounced</th><th>opened</th><th>clicked</th><th>replied</th>")
                .append("<th>useful</th><th>not for me</th><th>learned value (5%–95%)</th><th></th></tr>\n");
        for (Line l : lines) {
            h.append("<tr><td>").append(esc(l.name())).append("</td>");
            if (first.equals("piece")) h.append("<td>").append(esc(l.kind())).append("</td>");
            h.append("<td>").append(l.sent()).append("</td><td>").append(l.bounced()).append("</td>");
            for (long n : new long[] {l.opened(), l.clicked(), l.replied()}) {
                h.append("<td>").append(n).append(" (").append(ReportCommand.percent(n, l.delivered())).append(")</td>");
            }
            h.append("<td>").append(l.value().useful()).append("</td><td>").append(l.value().notForMe()).append("</td><td>")
                    .append(esc(LearnedValue.signed(l.value().learned()))).append(" (")
                    .append(esc(l.value().band())).append(")</td><td>")
                    .append(l.value().retire() ? "consider retiring" : "").append("</td></tr>\n");
        }
        h.append("</table></div>\n");
    }

    static String esc(String text) {
        return Entities.escape(text);
    }
}
