package rapport.cli;

import java.io.PrintWriter;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import rapport.store.ReportStore;

/**
 * One of the report's tables by period: the latest few periods up to the report's day, oldest
 * first, quiet ones included so that a quiet period shows as one, each with a count per column.
 * {@link #WEEKS}: notes sent and what people did with them, week by week. {@link #CLUB}: how the
 * club grew, month by month. Immutable.
 *
 * @param span    weeks or months
 * @param columns what is counted, in the order shown
 * @param periods the periods, oldest first
 */
record ReportPeriods(Span span, List<Column> columns, List<Period> periods) {

    /** How the days are gathered, and how many periods a table shows. */
    enum Span {
        /** About half a year of weeks, which start on Monday: long enough to see a season, short enough to read. */
        WEEK("week", "week of", 26, day -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)), start -> start.plusWeeks(1),
                LocalDate::toString),
        /** A year of calendar months: the club grows slowly, and a year shows its seasons. */
        MONTH("month", "month", 12, day -> day.withDayOfMonth(1), start -> start.plusMonths(1),
                start -> YearMonth.from(start).toString());

        private final String key;
        private final String heading;
        private final int count;
        private final UnaryOperator<LocalDate> start;
        private final UnaryOperator<LocalDate> next;
        private final Function<LocalDate, String> label;

        Span(String key, String heading, int count, UnaryOperator<LocalDate> start, UnaryOperator<LocalDate> next,
             Function<LocalDate, String> label) {
            this.key = key;
            this.heading = heading;
            this.count = count;
            this.start = start;
            this.next = next;
            this.label = label;
        }

        /** The first day of the earliest period shown for a report made on {@code today}. */
        LocalDate first(LocalDate today) {
            LocalDate first = start.apply(today);
            for (int i = 1; i < count; i++) first = start.apply(first.minusDays(1));
            return first;
        }
    }

    /** One column: its JSON key, its heading, and the kind of {@link ReportStore.Day} it counts (a rating by its verdict). */
    record Column(String key, String heading, String type, String verdict) {
        Column(String key, String heading, String type) {
            this(key, heading, type, null);
        }

        boolean counts(ReportStore.Day d) {
            return d.type().equals(type) && (verdict == null || verdict.equals(d.verdict()));
        }
    }

    /** One period's counts, in the order of the columns; {@code start} is its first day. */
    record Period(LocalDate start, List<Long> counts) {
        boolean quiet() {
            return counts.stream().allMatch(n -> n == 0);
        }
    }

    /** Ratings as given, not as learned. */
    static final List<Column> WEEKS = List.of(new Column("sent", "sent", "sent"), new Column("opened", "opened", "open"),
            new Column("clicked", "clicked", "click"), new Column("replied", "replied", "reply"),
            new Column("useful", "useful", "rating", "useful"), new Column("not_for_me", "not for me", "rating", "not-for-me"));
    /** Signups asked for (confirmed, waiting or dropped alike), confirmed, friends counted, milestone rewards earned. */
    static final List<Column> CLUB = List.of(new Column("signups", "signups", "signup-asked"),
            new Column("confirmations", "confirmations", "signup-confirmed"), new Column("referrals", "referrals", "referral"),
            new Column("rewards", "rewards", "reward-earned"));

    ReportPeriods {
        columns = List.copyOf(columns);
        periods = List.copyOf(periods);
    }

    /** The periods up to {@code today}'s, counting the days that fall in them; the rest are not shown. */
    static ReportPeriods of(Span span, List<Column> columns, List<ReportStore.Day> days, LocalDate today) {
        Map<LocalDate, long[]> counts = new LinkedHashMap<>();
        for (LocalDate p = span.first(today); !p.isAfter(today); p = span.next.apply(p)) counts.put(p, new long[columns.size()]);
        for (ReportStore.Day d : days) {
            long[] period = counts.get(span.start.apply(d.day()));
            if (period == null) continue;
            for (int i = 0; i < columns.size(); i++) if (columns.get(i).counts(d)) period[i] += d.count();
        }
        List<Period> periods = new ArrayList<>();
        counts.forEach((start, n) -> periods.add(new Period(start, Arrays.stream(n).boxed().toList())));
        return new ReportPeriods(span, columns, periods);
    }

    /** The periods that saw anything, as a table under {@code title}; nothing when none did. */
    void print(PrintWriter out, String title) {
        List<Period> busy = periods.stream().filter(p -> !p.quiet()).toList();
        if (busy.isEmpty()) return;
        out.println(title);
        StringBuilder row = new StringBuilder("  %-10s");
        List<Object> headings = new ArrayList<>(List.of(span.heading));
        for (Column c : columns) {
            row.append(" %").append(Math.max(7, c.heading().length())).append('s');
            headings.add(c.heading());
        }
        String format = row.append("%n").toString();
        out.printf(format, headings.toArray());
        for (Period p : busy) {
            List<Object> cells = new ArrayList<>(List.of(label(p)));
            cells.addAll(p.counts());
            out.printf(format, cells.toArray());
        }
        out.println();
    }

    List<Map<String, Object>> json() {
        return periods.stream().map(p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(span.key, label(p));
            for (int i = 0; i < columns.size(); i++) m.put(columns.get(i).key(), p.counts().get(i));
            return m;
        }).toList();
    }

    /** What the first column is headed: {@code week of} or {@code month}. */
    String heading() {
        return span.heading;
    }

    /** How a period is named: its Monday, or its month ({@code 2026-11}). */
    String label(Period p) {
        return span.label.apply(p.start());
    }
}
