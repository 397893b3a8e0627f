package rapport.content;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Whether a piece may go to the same person again: never, or after a number of days. */
public sealed interface Repeat {
    Pattern AFTER = Pattern.compile("after\\s+(\\d{1,5})\\s*d");

    /** Sent at most once to each customer. */
    record Never() implements Repeat {
        @Override public String toString() { return "never"; }
    }

    /** May return once this many days have passed since it was last sent to the customer. */
    record After(int days) implements Repeat {
        @Override public String toString() { return "after " + days + "d"; }
    }

    static Optional<Repeat> parse(String text) {
        String t = text.trim();
        if (t.equals("never")) return Optional.of(new Never());
        Matcher m = AFTER.matcher(t);
        if (m.matches() && Integer.parseInt(m.group(1)) > 0) return Optional.of(new After(Integer.parseInt(m.group(1))));
        return Optional.empty();
    }
}
