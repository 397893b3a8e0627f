package rapport.config;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that a string is a Quartz cron expression before the scheduler ever sees it, so a typo
 * is reported with the key and line instead of failing when {@code serve} starts. Quartz itself
 * is not a dependency of the config package. Stateless and thread-safe.
 *
 * <p>Follows Quartz's grammar: six or seven fields (second minute hour day-of-month month
 * day-of-week [year]); {@code , - * /} everywhere; {@code ?} in exactly one of the two day
 * fields; {@code L}, {@code W}, {@code LW}, {@code L-n} in day-of-month; {@code L}, {@code nL},
 * {@code n#k} in day-of-week; month and weekday names.
 */
final class CronCheck {
    private record Field(String name, int min, int max, int maxStep, List<String> names) {
        String range() {
            return min + "-" + max + (names.isEmpty() ? "" : " or " + names.get(0) + "-" + names.get(names.size() - 1));
        }
    }

    private static final Field SECOND = new Field("second", 0, 59, 59, List.of());
    private static final Field MINUTE = new Field("minute", 0, 59, 59, List.of());
    private static final Field HOUR = new Field("hour", 0, 23, 23, List.of());
    private static final Field DAY_OF_MONTH = new Field("day-of-month", 1, 31, 31, List.of());
    private static final Field MONTH = new Field("month", 1, 12, 12, List.of(
            "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"));
    private static final Field DAY_OF_WEEK = new Field("day-of-week", 1, 7, 7, List.of(
            "SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"));
    private static final Field YEAR = new Field("year", 1970, 2099, 129, List.of());
    private static final List<Field> FIELDS = List.of(SECOND, MINUTE, HOUR, DAY_OF_MONTH, MONTH, DAY_OF_WEEK, YEAR);

    private static final Pattern LAST_OFFSET = Pattern.compile("L-([0-9]{1,3})");
    private static final Pattern WEEKDAY_NEAREST = Pattern.compile("([0-9]+)W");
    private static final Pattern NTH_WEEKDAY = Pattern.compile("([A-Z0-9]+)#([0-9]{1,3})");

    private CronCheck() {}

    /** The expression, trimmed, if valid; otherwise {@link InvalidValue} saying which field is wrong. */
    static String check(String expression) {
        String trimmed = expression.strip();
        String[] parts = trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
        if (parts.length < 6 || parts.length > 7) {
            throw bad("expected 6 or 7 fields (second minute hour day-of-month month day-of-week [year]), got "
                    + parts.length + (parts.length == 5 ? "; Quartz cron starts with seconds, unlike Unix cron" : ""));
        }
        for (int i = 0; i < parts.length; i++) {
            // Quartz upper-cases the expression itself, so "tue" and "l" are accepted.
            field(FIELDS.get(i), parts[i].toUpperCase(Locale.ROOT));
        }
        boolean dayOfMonthOpen = parts[3].equals("?");
        boolean dayOfWeekOpen = parts[5].equals("?");
        if (dayOfMonthOpen && dayOfWeekOpen) {
            throw bad("day-of-month and day-of-week cannot both be ?; put ? in only one of them");
        }
        if (!dayOfMonthOpen && !dayOfWeekOpen) {
            throw bad("one of day-of-month and day-of-week must be ?, e.g. \"0 0 9 ? * TUE\" or \"0 0 9 1 * ?\"");
        }
        return trimmed;
    }

    private static void field(Field f, String text) {
        if (text.equals("?")) {
            if (f == DAY_OF_MONTH || f == DAY_OF_WEEK) return;
            throw bad(f.name() + " cannot be ?; only day-of-month and day-of-week can");
        }
        if (f == DAY_OF_MONTH && (text.contains("L") || text.contains("W"))) {
            lastOrWeekday(text);
            return;
        }
        if (f == DAY_OF_WEEK && (text.contains("L") || text.contains("#"))) {
            lastOrNth(text);
            return;
        }
        for (String item : text.split(",", -1)) item(f, item);
    }

    /** One list item: {@code *}, {@code a}, {@code a-b}, each optionally followed by {@code /step}. */
    private static void item(Field f, String item) {
        if (item.isEmpty()) throw bad(f.name() + " has an empty list item");
        String range = item;
        int slash = item.indexOf('/');
        if (slash >= 0) {
            range = item.substring(0, slash);
            String step = item.substring(slash + 1);
            if (!step.matches("[0-9]{1,4}")) throw bad(f.name() + " step \"" + step + "\" is not a number");
            int n = Integer.parseInt(step);
            if (n < 1 || n > f.maxStep()) {
                throw bad(f.name() + " step " + n + " is out of range (1-" + f.maxStep() + ")");
            }
            if (range.isEmpty()) return; // "/5" is Quartz shorthand for "0/5"
        }
        if (range.equals("*")) return;
        int dash = range.indexOf('-');
        if (dash < 0) {
            value(f, range);
        } else {
            // Quartz allows a wrapping range such as FRI-MON, so no order check.
            value(f, range.substring(0, dash));
            value(f, range.substring(dash + 1));
        }
    }

    private static void value(Field f, String token) {
        if (f.names().contains(token)) return;
        if (!token.matches("[0-9]{1,5}")) {
            throw bad(f.name() + " \"" + token + "\" is not a " + (f.names().isEmpty() ? "number" : "number or name")
                    + " (" + f.range() + ")");
        }
        int n = Integer.parseInt(token);
        if (n < f.min() || n > f.max()) {
            throw bad(f.name() + " " + n + " is out of range (" + f.range() + ")");
        }
    }

    private static void lastOrWeekday(String text) {
        if (text.equals("L") || text.equals("LW")) return;
        Matcher offset = LAST_OFFSET.matcher(text);
        if (offset.matches()) {
            int n = Integer.parseInt(offset.group(1));
            if (n < 1 || n > 30) throw bad("day-of-month L-" + n + " is out of range (L-1 to L-30)");
            return;
        }
        Matcher nearest = WEEKDAY_NEAREST.matcher(text);
        if (nearest.matches()) {
            value(DAY_OF_MONTH, nearest.group(1));
            return;
        }
        throw bad("day-of-month \"" + text + "\": L and W are allowed only alone, as L, LW, L-n or nW");
    }

    private static void lastOrNth(String text) {
        if (text.equals("L")) return;
        if (text.endsWith("L") && !text.contains("#")) {
            value(DAY_OF_WEEK, text.substring(0, text.length() - 1));
            return;
        }
        Matcher nth = NTH_WEEKDAY.matcher(text);
        if (nth.matches()) {
            value(DAY_OF_WEEK, nth.group(1));
            int week = Integer.parseInt(nth.group(2));
            if (week < 1 || week > 5) throw bad("day-of-week \"" + text + "\": the week after # must be 1-5");
            return;
        }
        throw bad("day-of-week \"" + text + "\": L and # are allowed only alone, as L, nL or n#k");
    }

    private static InvalidValue bad(String detail) {
        return new InvalidValue("not a Quartz cron expression: " + detail);
    }
}
