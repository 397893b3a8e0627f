package rapport.config;

import java.text.ParseException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quartz.CronExpression;

/**
 * Checks that a string is a Quartz cron expression before the scheduler ever sees it, so a
 * mistake is reported with the key and line instead of failing when {@code serve} starts.
 * Quartz's own {@link CronExpression} decides what is valid, so what passes here is what the
 * scheduler runs. Around it, this check explains the mistakes people make most (Unix cron's five
 * fields, the {@code ?} rule), names the field Quartz refuses, and refuses what Quartz would take
 * but not as meant: a word it reads by its first three letters, an expression that never fires.
 * Stateless and thread-safe.
 */
final class CronCheck {
    /** A field, and the values it takes when it also takes names (null for a number-only field). */
    private record Field(String name, String namedRange) {}

    private static final List<Field> FIELDS = List.of(new Field("second", null), new Field("minute", null),
            new Field("hour", null), new Field("day-of-month", null), new Field("month", "1-12 or JAN-DEC"),
            new Field("day-of-week", "1-7 or SUN-SAT"), new Field("year", null));
    private static final int DAY_OF_MONTH = 3;
    private static final int DAY_OF_WEEK = 5;
    /** Quartz reads a name by its first three letters, so a longer word passes for what it starts with (JUNK for June). */
    private static final Pattern LONG_WORD = Pattern.compile("[A-Za-z]{4,}");

    private CronCheck() {}

    /** The expression, trimmed, if valid; otherwise {@link InvalidValue} saying what is wrong. */
    static String check(String expression) {
        String trimmed = expression.strip();
        String[] fields = trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
        if (fields.length < 6 || fields.length > 7) {
            throw bad("expected 6 or 7 fields (second minute hour day-of-month month day-of-week [year]), got "
                    + fields.length + (fields.length == 5 ? "; Quartz cron starts with seconds, unlike Unix cron" : ""));
        }
        boolean dayOfMonthOpen = fields[DAY_OF_MONTH].equals("?");
        boolean dayOfWeekOpen = fields[DAY_OF_WEEK].equals("?");
        if (dayOfMonthOpen && dayOfWeekOpen) {
            throw bad("day-of-month and day-of-week cannot both be ?; put ? in only one of them");
        }
        if (!dayOfMonthOpen && !dayOfWeekOpen) {
            throw bad("one of day-of-month and day-of-week must be ?, e.g. \"0 0 9 ? * TUE\" or \"0 0 9 1 * ?\"");
        }
        for (int i = 0; i < fields.length; i++) {
            Matcher word = LONG_WORD.matcher(fields[i]);
            if (word.find()) {
                Field f = FIELDS.get(i);
                throw bad(f.name() + " \"" + word.group().toUpperCase(Locale.ROOT) + "\" is not a "
                        + (f.namedRange() == null ? "number" : "number or name (" + f.namedRange() + ")"));
            }
        }
        CronExpression cron;
        try {
            cron = new CronExpression(trimmed);
        } catch (ParseException e) {
            throw refused(fields, e);
        }
        cron.setTimeZone(TimeZone.getTimeZone("UTC"));
        if (cron.getNextValidTimeAfter(Date.from(Instant.EPOCH)) == null) {
            // Quartz parses it, but the scheduler refuses a trigger that never fires when serve starts.
            throw bad("no date matches it, so it never fires (a 31st of February, say, or a year before 1970)");
        }
        return trimmed;
    }

    /**
     * Quartz's reason, with the field it concerns: Quartz does not say which, so each field is
     * tried alone in an expression otherwise known to be good.
     */
    private static InvalidValue refused(String[] fields, ParseException whole) {
        String[] good = {"0", "0", "0", fields[DAY_OF_MONTH].equals("?") ? "?" : "1", "1", fields[DAY_OF_WEEK].equals("?") ? "?" : "1"};
        for (int i = 0; i < fields.length; i++) {
            String[] probe = Arrays.copyOf(good, Math.max(good.length, i + 1));
            probe[i] = fields[i];
            try {
                new CronExpression(String.join(" ", probe));
            } catch (ParseException e) {
                return bad(FIELDS.get(i).name() + " \"" + fields[i] + "\": " + reason(e));
            }
        }
        return bad(reason(whole));
    }

    /** Quartz's reason, without the Java exception its catch-all message quotes. */
    private static String reason(ParseException e) {
        String message = e.getMessage();
        int java = message.indexOf(" (java.");
        return java < 0 ? message : message.substring(0, java);
    }

    private static InvalidValue bad(String detail) {
        return new InvalidValue("not a Quartz cron expression: " + detail);
    }
}
