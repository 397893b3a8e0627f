package rapport.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
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
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import rapport.content.Catalog;
import rapport.content.Kind;
import rapport.content.Piece;
import rapport.selection.Evidence;
import rapport.selection.LearnedValue;
import rapport.selection.PieceValue;
import rapport.store.ClusterStore;
import rapport.store.EvidenceStore;
import rapport.store.ReportStore;

/** {@code rapport report}: where the relationships stand, and which notes people valued. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "The relationship report: the stage funnel, engagement by piece and by kind (opened, clicked and "
                + "answered by a person, not by a proxy or a scanner), and the replies. With --out, also as an HTML page.")
final class ReportCommand implements Callable<Integer> {
    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm z", Locale.ENGLISH);
    /** What a piece no longer in the catalog is listed under, by kind. */
    private static final String REMOVED = "(no longer in the catalog)";

    @Mixin CommonOptions common;
    /** The report's day: its weeks end with the week of this day, its months with its month. */
    @Mixin AsOfOption asOf;

    @Option(names = "--out", paramLabel = "FILE.html", description = "Also write the report as an HTML page to this file.")
    Path out;

    /**
     * The figures of one piece or kind: notes sent, and of those bounced, opened, clicked and
     * answered; and what people said of it, with its learned value.
     */
    record Line(String name, String kind, long sent, long bounced, long opened, long clicked, long replied,
                PieceValue value) {
        static Line empty(String name, String kind) {
            return new Line(name, kind, 0, 0, 0, 0, 0, null);
        }

        long delivered() {
            return sent - bounced;
        }

        Line plus(ReportStore.Piece p) {
            return new Line(name, kind, sent + p.sent(), bounced + p.bounced(), opened + p.opened(), clicked + p.clicked(),
                    replied + p.replied(), value);
        }

        Line valued(LearnedValue learned) {
            return new Line(name, kind, sent, bounced, opened, clicked, replied, learned.value(name));
        }
    }

    /** Mailable customers at one stage, and how many of them are dormant. */
    record Stage(String stage, long people, long dormant) {}

    /**
     * @param weeks    notes sent and what people did with them, week by week
     * @param club     how the club grew, month by month
     * @param stages   how the funnel moved, month by month: who reached each stage, went dormant, came back
     * @param learning whether the choice uses the learned values ({@code feedback.learning})
     * @param runs     the runs of the report's weeks, newest first, with their progress per node
     */
    record Report(ZonedDateTime at, List<Stage> funnel, Map<String, Long> statuses, List<Line> pieces, List<Line> kinds,
                  ReportPeriods weeks, ReportPeriods club, ReportPeriods stages, ReportStore.Replies replies,
                  boolean learning, List<ClusterStore.RunProgress> runs) {}

    @Override
    public Integer call() {
        Report report;
        try (Workspace ws = common.open(asOf)) {
            report = read(ws);
        }
        if (out != null) ReportPage.write(report, out);
        if (common.json) {
            Json.print(common.out(), json(report));
        } else {
            printText(common.out(), report);
            if (out != null) common.out().printf("%nAlso written to %s%n", out);
            common.out().flush();
        }
        return 0;
    }

    static Report read(Workspace ws) {
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
        Function<String, String> kindOf = piece -> catalog.piece(piece).map(Piece::kind).map(Kind::label).orElse(REMOVED);
        // Shown whether or not the choice uses it: what people said is worth seeing either way.
        List<Evidence> evidence = new EvidenceStore(ws.database()).byPieceAndStage();
        int weight = ws.config().feedback().weight();
        LearnedValue byPiece = LearnedValue.of(evidence, weight);
        LearnedValue byKind = LearnedValue.of(evidence.stream().map(e -> new Evidence(kindOf.apply(e.piece()), e.stage(),
                e.useful(), e.notForMe(), e.engaged(), e.left())).toList(), weight);
        List<Line> pieces = new ArrayList<>();
        Map<String, Line> kinds = new TreeMap<>();
        for (ReportStore.Piece p : store.pieces()) {
            String kind = kindOf.apply(p.piece());
            pieces.add(Line.empty(p.piece(), kind).plus(p).valued(byPiece));
            kinds.compute(kind, (k, sum) -> (sum == null ? Line.empty(k, k).valued(byKind) : sum).plus(p));
        }
        // Most valued first: the share of delivered notes a person answered, clicked, then opened.
        Comparator<Line> valued = Comparator.comparingDouble((Line l) -> rate(l.replied(), l.delivered()))
                .thenComparingDouble(l -> rate(l.clicked(), l.delivered()))
                .thenComparingDouble(l -> rate(l.opened(), l.delivered())).reversed()
                .thenComparing(Line::name);
        pieces.sort(valued);
        List<Line> kindLines = new ArrayList<>(kinds.values());
        kindLines.sort(valued);
        ZonedDateTime at = ws.clock().instant().atZone(zone);
        LocalDate today = at.toLocalDate();
        LocalDate firstWeek = ReportPeriods.Span.WEEK.first(today);
        LocalDate firstMonth = ReportPeriods.Span.MONTH.first(today);
        // The timelines are read once, from the earlier of the two tables' first days, for both.
        List<ReportStore.Day> days = store.days((firstWeek.isBefore(firstMonth) ? firstWeek : firstMonth).atStartOfDay(zone)
                .toInstant(), zone);
        List<ReportStore.Day> club = new ArrayList<>(store.club(firstMonth.atStartOfDay(zone).toInstant(), zone));
        club.addAll(days);
        return new Report(at, List.copyOf(byStage.values()), statuses, pieces, kindLines,
                ReportPeriods.of(ReportPeriods.Span.WEEK, ReportPeriods.WEEKS, days, today),
                ReportPeriods.of(ReportPeriods.Span.MONTH, ReportPeriods.CLUB, club, today),
                ReportPeriods.of(ReportPeriods.Span.MONTH, moves(ws.config().stageNames()), days, today), store.replies(),
                ws.config().feedback().learning(), new ClusterStore(ws.database()).runs(firstWeek.atStartOfDay(zone).toInstant(),
                        today.plusDays(1).atStartOfDay(zone).toInstant()));
    }

    /**
     * The stage events counted by month: a column for each stage a customer can be moved up to
     * (every one but the first, where people start), then going dormant and coming back.
     */
    private static List<ReportPeriods.Column> moves(List<String> stages) {
        List<ReportPeriods.Column> columns = new ArrayList<>();
        for (String stage : stages.subList(Math.min(1, stages.size()), stages.size())) {
            columns.add(new ReportPeriods.Column("reached_" + stage, "reached " + stage, "stage", stage));
        }
        columns.add(new ReportPeriods.Column("went_dormant", "went dormant", "stage", "dormant"));
        columns.add(new ReportPeriods.Column("came_back", "came back", "stage", "woke"));
        return columns;
    }

    static double rate(long part, long of) {
        return of <= 0 ? 0 : (double) part / of;
    }

    static String percent(long part, long of) {
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
        r.stages().print(out, "How the stages moved, month by month (customers who reached each stage, went dormant, came back)");
        if (r.pieces().isEmpty()) {
            out.println("No notes sent yet.");
        } else {
            out.println("Engagement by piece (of the notes delivered: opened, clicked, answered by a person)");
            table(out, "piece", r.pieces(), true);
            out.println();
            out.println("Engagement by kind");
            table(out, "kind", r.kinds(), false);
            out.println();
            out.println("What people said, and the learned value (5%-95% band)" + (r.learning() ? ""
                    : "; learning is off (feedback.learning: false), so the choice does not use it"));
            said(out, r.pieces());
            out.println();
            r.weeks().print(out, "Week by week (what people did; ratings as given)");
        }
        ReportRuns.print(out, r.runs());
        out.println();
        r.club().print(out, "The club by month (people who asked to join, confirmed, friends counted, rewards earned)");
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

    private static void said(PrintWriter out, List<Line> lines) {
        int width = Math.max("piece".length(), lines.stream().mapToInt(l -> l.name().length()).max().orElse(0));
        String row = "  %-" + width + "s %7s %10s %8s %5s %8s %13s%s%n";
        out.printf(row, "piece", "useful", "not for me", "clicked", "left", "learned", "band", "");
        for (Line l : lines) {
            PieceValue v = l.value();
            out.printf(row, l.name(), v.useful(), v.notForMe(), v.engaged(), v.left(), LearnedValue.signed(v.learned()),
                    v.band(), v.retire() ? "  consider retiring: people clearly do not value it" : "");
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
        m.put("weeks", r.weeks().json());
        m.put("months", r.club().json());
        m.put("stages_by_month", r.stages().json());
        Map<String, Object> replies = new LinkedHashMap<>();
        replies.put("total", r.replies().total());
        replies.put("waiting", r.replies().waiting());
        m.put("replies", replies);
        m.put("runs", ReportRuns.json(r.runs()));
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
        m.put("useful", l.value().useful());
        m.put("not_for_me", l.value().notForMe());
        m.put("clicked_or_replied_unrated", l.value().engaged());
        m.put("left_unrated", l.value().left());
        m.put("learned", l.value().learned());
        m.put("learned_low", l.value().low());
        m.put("learned_high", l.value().high());
        m.put("retire", l.value().retire());
        return m;
    }
}
