package rapport.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Entities;
import rapport.render.RenderException;
import rapport.render.TemplateEngine;
import rapport.selection.LearnedValue;
import rapport.cli.ReportCommand.Line;
import rapport.cli.ReportCommand.Report;
import rapport.cli.ReportCommand.Stage;

/**
 * The relationship report as one HTML page, for {@code report --out} and the studio: the
 * product's template {@code rapport/report/report.ftlh} in the sandboxed engine, filled with the
 * report's numbers as plain values and its charts drawn by {@link ReportChartsSections}. One
 * file, its style and drawings inline and no script, so it can be mailed or opened from a disk.
 * Stateless.
 */
final class ReportPage {
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
        Map<String, Object> model = new HashMap<>();
        model.put("at", ReportCommand.WHEN.format(r.at()));
        model.put("charts", Map.of(
                "funnel", ReportChartsSections.funnel(r),
                "stages", ReportChartsSections.byPeriod("stages", "Customers who reached each stage, went dormant or came back", r.stages()),
                "weeks", ReportChartsSections.weeks(r.weeks()),
                "learned", ReportChartsSections.learned(r),
                "club", ReportChartsSections.byPeriod("club", "People who asked to join, confirmed, friends counted and rewards earned", r.club())));
        long mailable = r.funnel().stream().mapToLong(Stage::people).sum();
        model.put("funnel", r.funnel().stream().map(s -> Map.<String, Object>of("stage", s.stage(), "people", s.people(),
                "share", ReportCommand.percent(s.people(), mailable), "dormant", s.dormant())).toList());
        model.put("statuses", r.statuses().entrySet().stream()
                .map(e -> Map.<String, Object>of("status", e.getKey(), "people", e.getValue())).toList());
        model.put("stages", periods(r.stages()));
        model.put("club", periods(r.club()));
        model.put("pieces", lines(r.pieces()));
        model.put("kinds", lines(r.kinds()));
        model.put("runs", ReportRuns.shared(r.runs()).stream().map(run -> Map.<String, Object>of("id", run.runId(),
                "waiting", run.waiting(), "nodes", run.nodes().stream().map(n -> Map.<String, Object>of("process", n.process(),
                        "sent", n.sent(), "failed", n.failed(), "skipped", n.skipped(), "claimed", n.claimed())).toList())).toList());
        model.put("replies", Map.of("waiting", r.replies().waiting(), "total", r.replies().total()));
        try {
            return TemplateEngine.report(r.at().getZone()).render("report.ftlh", model);
        } catch (RenderException e) {
            // The page ships with the product: one that fails is a bug, never a person's doing.
            throw new IllegalStateException("the report page cannot be rendered: " + e.getMessage(), e);
        }
    }

    /** Every period, quiet ones too: a month with nobody new is worth seeing beside the others. */
    private static Map<String, Object> periods(ReportPeriods table) {
        return Map.of("heading", table.heading(),
                "columns", table.columns().stream().map(ReportPeriods.Column::heading).toList(),
                "rows", table.periods().stream().map(p -> Map.<String, Object>of("label", table.label(p), "counts", p.counts())).toList());
    }

    private static List<Map<String, Object>> lines(List<Line> lines) {
        return lines.stream().map(l -> {
            Map<String, Object> m = new HashMap<>();
            m.put("name", l.name());
            m.put("kind", l.kind() == null ? "" : l.kind());
            m.put("sent", l.sent());
            m.put("bounced", l.bounced());
            m.put("opened", l.opened() + " (" + ReportCommand.percent(l.opened(), l.delivered()) + ")");
            m.put("clicked", l.clicked() + " (" + ReportCommand.percent(l.clicked(), l.delivered()) + ")");
            m.put("replied", l.replied() + " (" + ReportCommand.percent(l.replied(), l.delivered()) + ")");
            m.put("useful", l.value().useful());
            m.put("notForMe", l.value().notForMe());
            m.put("learned", LearnedValue.signed(l.value().learned()));
            m.put("band", l.value().band());
            m.put("retire", l.value().retire());
            return m;
        }).toList();
    }

    static String esc(String text) {
        return Entities.escape(text);
    }
}
