package rapport.render;

import freemarker.core.ParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns FreeMarker's parse errors into what a writer needs: the line of the actual mistake and one
 * complete sentence. FreeMarker notices an unclosed {@code <#if>} only where the file (or the
 * enclosing block) ends, and lists what it expected one token name a line; here the opening tag is
 * found in the source and the list is finished on the same line. Stateless and thread-safe.
 */
final class SyntaxErrors {
    /** Beyond this many, a list of expected tokens stops helping: the first ones are the likely fix. */
    private static final int MAX_EXPECTED = 8;
    private static final String PATTERNS = "one of these patterns:";
    private static final Pattern UNCLOSED = Pattern.compile("You have an unclosed (#\\w+|@)|only this can be closed: \"(#\\w+|@)");
    private static final Pattern NAMED_TOKEN = Pattern.compile("<(END_)?_?(\\w+)>");

    private SyntaxErrors() {}

    /** The error at its line in {@code source}: an unclosed directive is placed at its opening tag. */
    static Located locate(ParseException p, String source) {
        String editor = p.getEditorMessage() == null ? "" : p.getEditorMessage();
        Matcher unclosed = UNCLOSED.matcher(editor);
        if (source != null && unclosed.find()) {
            String directive = unclosed.group(1) != null ? unclosed.group(1) : unclosed.group(2);
            boolean atEnd = unclosed.group(1) != null;
            int limit = atEnd ? source.length() : offset(source, p.getLineNumber(), p.getColumnNumber());
            Opening opening = innermostOpen(source, directive, limit);
            if (opening != null) {
                String found = atEnd ? "" : " (line " + p.getLineNumber() + " ends something else first)";
                return new Located(opening.line(), "<" + opening.name() + "> is never closed" + found
                        + ": add </" + opening.name() + "> where it should end");
            }
        }
        return new Located(p.getLineNumber(), oneLine(editor));
    }

    /** A parse error and the line it belongs to, counted in the template's own source. */
    record Located(int line, String message) {}

    private record Opening(String name, int line) {}

    /** FreeMarker's message as one finished line: a trailing list of expected tokens is spelled out. */
    static String oneLine(String message) {
        String[] lines = message.strip().split("\\R");
        StringBuilder out = new StringBuilder(lines[0].strip());
        List<String> expected = new ArrayList<>();
        for (int i = 1; i < lines.length && lines[i].startsWith(" "); i++) {
            String word = readable(lines[i].strip());
            if (!expected.contains(word)) expected.add(word);
        }
        if (out.toString().endsWith(PATTERNS) && !expected.isEmpty()) {
            out.setLength(out.length() - PATTERNS.length());
            // Words (a string, a name) say more than punctuation: they go first, and survive the cut.
            expected.sort(Comparator.comparing(word -> word.startsWith("\"")));
            int shown = Math.min(expected.size(), MAX_EXPECTED);
            out.append(shown == 1 ? "" : "one of: ").append(String.join(", ", expected.subList(0, shown)));
            if (expected.size() > shown) out.append(" (or ").append(expected.size() - shown).append(" more)");
        }
        return out.toString().replace("\"", "'");
    }

    /** FreeMarker's token names ({@code <STRING_LITERAL>}, {@code <END_IF>}) in the words of a template. */
    private static String readable(String token) {
        Matcher named = NAMED_TOKEN.matcher(token);
        if (!named.matches()) return token;
        String name = named.group(2);
        return switch (name) {
            case "STRING_LITERAL", "RAW_STRING" -> "a string";
            case "INTEGER", "DECIMAL" -> "a number";
            case "ID" -> "a name";
            case "UNIFIED_CALL" -> "<@...>";
            default -> name.startsWith("STATIC_TEXT") ? "text"
                    : (named.group(1) != null ? "</#" : "<#") + name.toLowerCase(Locale.ROOT).replace("_", "") + ">";
        };
    }

    /**
     * The innermost {@code directive} ({@code #if}, or {@code @} for any user directive) still open
     * at {@code limit}, skipping comments; null when the source does not show one.
     */
    private static Opening innermostOpen(String source, String directive, int limit) {
        Deque<Opening> open = new ArrayDeque<>();
        int line = 1;
        for (int i = 0; i < limit; i++) {
            char c = source.charAt(i);
            if (c == '\n') line++;
            if (c != '<') continue;
            if (source.startsWith("<#--", i)) {
                int end = source.indexOf("-->", i);
                if (end < 0) break;
                line += count(source, i, end);
                i = end + 2;
            } else if (directive.equals("@") && source.startsWith("<@", i)) {
                int end = tagEnd(source, i);
                if (end < 0) break;
                if (source.charAt(end - 1) != '/') open.push(new Opening("@" + name(source, i + 2), line));
                line += count(source, i, end);
                i = end;
            } else if (directive.equals("@") && source.startsWith("</@", i)) {
                open.poll();
            } else if (isTag(source, i + 1, directive)) {
                open.push(new Opening(directive, line));
            } else if (source.startsWith("</", i) && isTag(source, i + 2, directive)) {
                open.poll();
            }
        }
        return open.peek();
    }

    private static boolean isTag(String source, int at, String directive) {
        int after = at + directive.length();
        return source.startsWith(directive, at) && (after >= source.length() || !isNameChar(source.charAt(after)));
    }

    /** The {@code >} ending the tag at {@code start}; a {@code >} inside a quoted argument does not count. */
    private static int tagEnd(String source, int start) {
        char quote = 0;
        for (int i = start; i < source.length(); i++) {
            char c = source.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                return i;
            }
        }
        return -1;
    }

    private static String name(String source, int at) {
        int end = at;
        while (end < source.length() && (isNameChar(source.charAt(end)) || source.charAt(end) == '.')) end++;
        return source.substring(at, end);
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static int count(String source, int from, int to) {
        int lines = 0;
        for (int i = from; i < to; i++) if (source.charAt(i) == '\n') lines++;
        return lines;
    }

    /** The offset of a 1-based line and column in {@code source}, at most its length. */
    private static int offset(String source, int line, int column) {
        int at = 0;
        for (int l = 1; l < line; l++) {
            int next = source.indexOf('\n', at);
            if (next < 0) return source.length();
            at = next + 1;
        }
        return Math.min(source.length(), at + Math.max(column - 1, 0));
    }
}
