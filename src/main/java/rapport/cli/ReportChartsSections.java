package rapport.cli;

import static rapport.cli.ReportPage.esc;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import rapport.cli.ReportCharts.Series;
import rapport.cli.ReportCommand.Report;

/**
 * The charts of each part of the report page, drawn from the report's figures by
 * {@link ReportCharts}, with the week-by-week table their rates are read from. Stateless.
 */
final class ReportChartsSections {
    /** A week's Monday as a chart labels it, short enough to label most weeks; the table beside it gives the year. */
    private static final DateTimeFormatter WEEK = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);

    private ReportChartsSections() {}

    /** Customers who can be mailed at each stage, the dormant part of each drawn lighter. */
    static String funnel(Report r) {
        if (r.funnel().isEmpty()) return "";
        return ReportCharts.bars("funnel", "Customers who can be mailed, by stage", r.funnel().stream()
                .map(s -> new ReportCharts.Bar(s.stage(), s.people(), s.dormant(), "dormant")).toList());
    }

    /** A bar for each column of the table in each of its periods. */
    static String byPeriod(String id, String title, ReportPeriods table) {
        List<Series> series = new ArrayList<>();
        for (int i = 0; i < table.columns().size(); i++) series.add(new Series(table.columns().get(i).heading(), counts(table, i)));
        return ReportCharts.columns(id, title, labels(table, false), series);
    }

    /**
     * Notes sent each week, what people did with them as a share of the notes sent that week, the
     * ratings given, and the busy weeks' numbers in a table. The share is of the week's notes,
     * though a person may open a note in the week after: over a few weeks the two even out.
     */
    static String weeks(ReportPeriods weeks) {
        if (weeks.periods().stream().allMatch(ReportPeriods.Period::quiet)) {
            return "<p>Nothing was sent or done in these " + weeks.periods().size() + " weeks.</p>\n";
        }
        List<String> labels = labels(weeks, true);
        List<Long> sent = counts(weeks, column(weeks, "sent"));
        StringBuilder h = new StringBuilder(16384);
        h.append(ReportCharts.columns("sent", "Notes sent, week by week", labels, List.of(new Series("notes sent", sent))));
        List<Series> rates = new ArrayList<>();
        for (String key : List.of("opened", "clicked", "replied")) {
            List<Long> done = counts(weeks, column(weeks, key));
            List<Double> rate = new ArrayList<>();
            for (int p = 0; p < sent.size(); p++) rate.add(sent.get(p) == 0 ? null : ReportCommand.rate(done.get(p), sent.get(p)));
            rates.add(new Series(key + " by a person, per note sent", rate));
        }
        h.append(ReportCharts.rates("rates", "Opened, clicked and answered, as a share of the notes sent each week", labels, rates));
        h.append(ReportCharts.columns("ratings", "Ratings given, week by week", labels,
                List.of(new Series("useful", counts(weeks, column(weeks, "useful"))),
                        new Series("not for me", counts(weeks, column(weeks, "not_for_me"))))));
        h.append("<p class=\"note\">The weeks that saw anything; the shares are of the notes sent that week.</p>\n")
                .append("<div class=\"table\"><table><tr><th>week of</th><th>sent</th><th>opened</th><th>clicked</th>")
                .append("<th>replied</th><th>useful</th><th>not for me</th></tr>\n");
        for (ReportPeriods.Period p : weeks.periods()) {
            if (p.quiet()) continue;
            long notes = p.counts().get(column(weeks, "sent"));
            h.append("<tr><td>").append(esc(weeks.label(p))).append("</td><td>").append(notes).append("</td>");
            for (String key : List.of("opened", "clicked", "replied")) {
                long n = p.counts().get(column(weeks, key));
                h.append("<td>").append(n).append(" (").append(ReportCommand.percent(n, notes)).append(")</td>");
            }
            long useful = p.counts().get(column(weeks, "useful"));
            long notForMe = p.counts().get(column(weeks, "not_for_me"));
            h.append("<td>").append(useful).append(" (").append(ReportCommand.percent(useful, useful + notForMe)).append(")</td><td>")
                    .append(notForMe).append(" (").append(ReportCommand.percent(notForMe, useful + notForMe)).append(")</td></tr>\n");
        }
        return h.append("</table></div>\n<p class=\"note\">A rating's share is of the ratings given that week.</p>\n").toString();
    }

    /** Each piece's learned value as a dot, and the band it is likely in as a bar across it. */
    static String learned(Report r) {
        if (r.pieces().isEmpty()) return "<p>No notes sent yet.</p>\n";
        StringBuilder h = new StringBuilder(8192);
        h.append("<p class=\"note\">What people said of each piece, as the value the choice of note learns from it: a dot, with a ")
                .append("bar across the band it is likely in (5% to 95%). A piece nobody rated sits at nought with no band.")
                .append(r.learning() ? "" : " Learning is off (feedback.learning: false), so the choice does not use it.")
                .append("</p>\n");
        h.append(ReportCharts.intervals("learned", "Learned value per piece, with its band", r.pieces().stream()
                .map(l -> new ReportCharts.Interval(l.name(), l.value().learned(), l.value().low(), l.value().high())).toList()));
        return h.toString();
    }

    private static int column(ReportPeriods table, String key) {
        for (int i = 0; i < table.columns().size(); i++) if (table.columns().get(i).key().equals(key)) return i;
        throw new IllegalArgumentException("no column " + key);
    }

    private static List<Long> counts(ReportPeriods table, int column) {
        return table.periods().stream().map(p -> p.counts().get(column)).toList();
    }

    private static List<String> labels(ReportPeriods table, boolean weeks) {
        return table.periods().stream().map(p -> weeks ? WEEK.format(p.start()) : table.label(p)).toList();
    }
}
