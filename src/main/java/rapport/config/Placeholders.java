package rapport.config;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Expands {@code ${NAME}} and {@code ${NAME:-default}} in one scalar value, so secrets can stay
 * out of the file. Stateless and thread-safe.
 *
 * <p>It runs on each scalar after YAML parsing rather than on the raw text: a substituted value
 * can then never change the YAML structure, and every line number still matches the file.
 */
final class Placeholders {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private Placeholders() {}

    /** @throws InvalidValue naming the variable when it is unset and has no default */
    static String substitute(String text, Map<String, String> env) {
        int start = text.indexOf("${");
        if (start < 0) return text;
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        while (start >= 0) {
            int end = text.indexOf('}', start + 2);
            if (end < 0) {
                throw new InvalidValue("unclosed \"${\"; write ${NAME} or ${NAME:-default}");
            }
            String inner = text.substring(start + 2, end);
            int separator = inner.indexOf(":-");
            String name = separator < 0 ? inner : inner.substring(0, separator);
            if (!NAME.matcher(name).matches()) {
                throw new InvalidValue("\"${" + inner + "}\" is not an environment reference;"
                        + " write ${NAME} or ${NAME:-default}");
            }
            String value = env.get(name);
            // Shell semantics: ":-" also covers a variable that is set but empty.
            if (value == null || (value.isEmpty() && separator >= 0)) {
                if (separator < 0) {
                    throw new InvalidValue("environment variable " + name + " is not set"
                            + " (set it, or write ${" + name + ":-default})");
                }
                value = inner.substring(separator + 2);
            }
            // Appending rather than re-scanning: a secret containing "${" is taken literally.
            out.append(text, from, start).append(value);
            from = end + 1;
            start = text.indexOf("${", from);
        }
        return out.append(text, from, text.length()).toString();
    }
}
