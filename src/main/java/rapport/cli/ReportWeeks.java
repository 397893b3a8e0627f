package rapport.cli;

import java.io.PrintWriter;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import rapport.store.ReportStore;

/**
 * The report's weeks: notes sent, and the human opens, clicks, replies and ratings they drew,
 * week by week (weeks start on Monday), the latest {@link #WEEKS} up to the report's day, empty
 * weeks included so that a quiet week shows as one. Stateless.
 */
final class ReportWeeks {
    /** About half a year: long enough to see a season, short enough to read. */
    static final int WEEKS = 26;

    /** One week's figures; {@code start} is its Monday. */
    record Week(LocalDate start, long sent, long opened, long clicked, long replied, long useful, long notForMe) {
        Week plus(ReportStore.Day d) {
            return switch (d.type()) {
                case "sent" -> new Week(start, sent + d.count(), opened, clicked, replied, useful, notForMe);
                case "open" -> new Week(start, sent, opened + d.count(), clicked, replied, useful, notForMe);
                case "click" -> new Week(start, sent, opened, clicked + d.count(), replied, useful, notForMe);
                case "reply" -> new Week(start, sent, opened, clicked, replied + d.count(), useful, notForMe);
                case "rating" -> "useful".equals(d.verdict())
                        ? new Week(start, sent, opened, clicked, replied, useful + d.count(), notForMe)
                        : new Week(start, sent, opened, clicked, replied, useful, notForMe + d.count());
                default -> this;
            };
        }
    }

    private ReportWeeks() {}

    /** The Monday of the earliest week shown for a report made on {@code today}. */
    static LocalDate firstMonday(LocalDate today) {
        return monday(today).minusWeeks(WEEKS - 1L);
    }

    static List<Week> of(List<ReportStore.Day> days, LocalDate today) {
        Map<LocalDate, Week> weeks = new LinkedHashMap<>();
        for (LocalDate m = firstMonday(today); !m.isAfter(today); m = m.plusWeeks(1)) weeks.put(m, new Week(m, 0, 0, 0, 0, 0, 0));
        for (ReportStore.Day d : days) weeks.computeIfPresent(monday(d.day()), (m, w) -> w.plus(d));
        return new ArrayList<>(weeks.values());
    }

    private static LocalDate monday(LocalDate day) {
        return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    /** The weeks that saw anything, as a table; nothing when none did. */
    static void print(PrintWriter out, List<Week> weeks) {
        List<Week> busy = weeks.stream().filter(w -> w.sent() + w.opened() + w.clicked() + w.replied() + w.useful() + w.notForMe() > 0).toList();
        if (busy.isEmpty()) return;
        out.println("Week by week (what people did; ratings as given)");
        String row = "  %-10s %7s %7s %7s %7s %7s %10s%n";
        out.printf(row, "week of", "sent", "opened", "clicked", "replied", "useful", "not for me");
        for (Week w : busy) out.printf(row, w.start(), w.sent(), w.opened(), w.clicked(), w.replied(), w.useful(), w.notForMe());
        out.println();
    }

    static List<Map<String, Object>> json(List<Week> weeks) {
        return weeks.stream().map(w -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("week", w.start().toString());
            m.put("sent", w.sent());
            m.put("opened", w.opened());
            m.put("clicked", w.clicked());
            m.put("replied", w.replied());
            m.put("useful", w.useful());
            m.put("not_for_me", w.notForMe());
            return m;
        }).toList();
    }
}
