package rapport.render;

import java.util.Locale;
import org.jsoup.nodes.Entities;
import org.jsoup.parser.Parser;

/**
 * One forward pass over rendered HTML, reporting text runs, start tags and end tags with their
 * positions in the source. A note is scanned once for its links and once for its text part,
 * without building a document tree and writing it back: a send does this for every message.
 * Tolerant like a browser: comments, doctypes and stray {@code <} are passed over, script and
 * style content is never read as markup, and an unterminated construct ends at the end of input.
 */
final class HtmlScanner {
    /** What the scan reports, in source order. */
    interface Handler {
        /** Raw text between {@code start} and {@code end}, entities not yet decoded. */
        void text(String html, int start, int end);

        void startTag(Tag tag);

        void endTag(String name, int start, int end);
    }

    /** A start tag; reused from one tag to the next, so a handler keeps only what it copies out. */
    static final class Tag {
        String name;
        int start;
        int end;
        private final String html;
        private int count;
        private String[] names = new String[8];
        private int[] valueStart = new int[8];
        private int[] valueEnd = new int[8];

        private Tag(String html) {
            this.html = html;
        }

        /** The attribute's value with entities decoded, or null when the tag lacks it. */
        String attr(String attribute) {
            int i = index(attribute);
            if (i < 0) return null;
            if (valueStart[i] < 0) return "";
            String raw = html.substring(unquotedStart(i), unquotedEnd(i));
            return decode(raw, true);
        }

        /** Where the attribute's value sits in the source, quotes included; null when it has none. */
        int[] valueSpan(String attribute) {
            int i = index(attribute);
            return i < 0 || valueStart[i] < 0 ? null : new int[] {valueStart[i], valueEnd[i]};
        }

        private int index(String attribute) {
            for (int i = 0; i < count; i++) if (names[i].equals(attribute)) return i;
            return -1;
        }

        private boolean quoted(int i) {
            char c = html.charAt(valueStart[i]);
            return (c == '"' || c == '\'') && valueEnd[i] - valueStart[i] >= 2 && html.charAt(valueEnd[i] - 1) == c;
        }

        private int unquotedStart(int i) {
            return quoted(i) ? valueStart[i] + 1 : valueStart[i];
        }

        private int unquotedEnd(int i) {
            return quoted(i) ? valueEnd[i] - 1 : valueEnd[i];
        }

        private void add(String attribute, int start, int end) {
            if (count == names.length) {
                names = java.util.Arrays.copyOf(names, count * 2);
                valueStart = java.util.Arrays.copyOf(valueStart, count * 2);
                valueEnd = java.util.Arrays.copyOf(valueEnd, count * 2);
            }
            names[count] = attribute;
            valueStart[count] = start;
            valueEnd[count] = end;
            count++;
        }
    }

    private HtmlScanner() {}

    static void scan(String html, Handler handler) {
        Tag tag = new Tag(html);
        int n = html.length();
        int text = 0;
        int i = 0;
        while (i < n) {
            int lt = html.indexOf('<', i);
            if (lt < 0 || lt + 1 >= n) break;
            char c = html.charAt(lt + 1);
            int next;
            if (c == '!' || c == '?') {
                next = html.startsWith("<!--", lt) ? after(html, "-->", lt + 4) : after(html, ">", lt + 2);
            } else if (c == '/' && lt + 2 < n && letter(html.charAt(lt + 2))) {
                int nameEnd = nameEnd(html, lt + 2);
                next = after(html, ">", nameEnd);
                flush(html, handler, text, lt);
                handler.endTag(lower(html, lt + 2, nameEnd), lt, next);
                text = i = next;
                continue;
            } else if (letter(c)) {
                next = startTag(html, lt, tag);
                flush(html, handler, text, lt);
                handler.startTag(tag);
                text = next;
                if (tag.name.equals("script") || tag.name.equals("style")) {
                    // Raw text: nothing inside is markup until the matching end tag.
                    int close = indexOfIgnoreCase(html, "</" + tag.name, next);
                    text = i = close < 0 ? n : close;
                    continue;
                }
                i = next;
                continue;
            } else {
                i = lt + 1;   // a '<' that opens nothing is text
                continue;
            }
            flush(html, handler, text, lt);
            text = i = next;
        }
        flush(html, handler, text, n);
    }

    /** Reads the start tag at {@code lt} into {@code tag}; returns the index after its {@code >}. */
    private static int startTag(String html, int lt, Tag tag) {
        int n = html.length();
        int nameEnd = nameEnd(html, lt + 1);
        tag.name = lower(html, lt + 1, nameEnd);
        tag.start = lt;
        tag.count = 0;
        int i = nameEnd;
        while (i < n) {
            char c = html.charAt(i);
            if (c == '>') { i++; break; }
            if (c == '/' || Character.isWhitespace(c)) { i++; continue; }
            int attrStart = i;
            while (i < n && !Character.isWhitespace(html.charAt(i)) && html.charAt(i) != '>' && html.charAt(i) != '='
                    && !(html.charAt(i) == '/' && i > attrStart)) i++;
            if (i == attrStart) i++;   // a lone '=' or similar: step over it
            String attribute = lower(html, attrStart, i);
            int j = skipSpace(html, i);
            if (j < n && html.charAt(j) == '=') {
                int v = skipSpace(html, j + 1);
                int vEnd;
                if (v < n && (html.charAt(v) == '"' || html.charAt(v) == '\'')) {
                    int close = html.indexOf(html.charAt(v), v + 1);
                    vEnd = close < 0 ? n : close + 1;
                } else {
                    vEnd = v;
                    while (vEnd < n && !Character.isWhitespace(html.charAt(vEnd)) && html.charAt(vEnd) != '>') vEnd++;
                }
                if (tag.index(attribute) < 0) tag.add(attribute, v, vEnd);   // the first of a repeated attribute wins
                i = vEnd;
            } else if (tag.index(attribute) < 0) {
                tag.add(attribute, -1, -1);
            }
        }
        tag.end = i;
        return i;
    }

    private static void flush(String html, Handler handler, int start, int end) {
        if (end > start) handler.text(html, start, end);
    }

    private static int after(String html, String close, int from) {
        int at = html.indexOf(close, from);
        return at < 0 ? html.length() : at + close.length();
    }

    private static int nameEnd(String html, int from) {
        int i = from;
        while (i < html.length()) {
            char c = html.charAt(i);
            if (Character.isWhitespace(c) || c == '/' || c == '>') break;
            i++;
        }
        return i;
    }

    private static int skipSpace(String html, int from) {
        int i = from;
        while (i < html.length() && Character.isWhitespace(html.charAt(i))) i++;
        return i;
    }

    private static boolean letter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static String lower(String html, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = html.charAt(i);
            if (c >= 'A' && c <= 'Z') return html.substring(start, end).toLowerCase(Locale.ROOT);
        }
        return html.substring(start, end);
    }

    private static int indexOfIgnoreCase(String html, String needle, int from) {
        // Every needle here starts with '<', which has no case.
        for (int i = html.indexOf(needle.charAt(0), from); i >= 0; i = html.indexOf(needle.charAt(0), i + 1)) {
            if (html.regionMatches(true, i, needle, 0, needle.length())) return i;
        }
        return -1;
    }

    /** Where content added at the end of the page belongs: before the last {@code </body>} (or {@code </html>}). */
    static int bodyEnd(String html) {
        for (String close : new String[] {"</body", "</html"}) {
            for (int i = html.lastIndexOf('<'); i >= 0; i = html.lastIndexOf('<', i - 1)) {
                if (html.regionMatches(true, i, close, 0, close.length())) return i;
            }
        }
        return html.length();
    }

    /** Decodes character references in a run of text. */
    static String decode(String raw) {
        return decode(raw, false);
    }

    /**
     * Decodes character references. The well-formed ones ({@code &name;}, {@code &#39;},
     * {@code &#x27;}) are read here; anything else goes to jsoup's decoder, which knows every
     * legacy form a browser accepts.
     */
    private static String decode(String raw, boolean inAttribute) {
        int amp = raw.indexOf('&');
        if (amp < 0) return raw;
        StringBuilder out = new StringBuilder(raw.length());
        int copied = 0;
        for (; amp >= 0; amp = raw.indexOf('&', copied)) {
            int semi = raw.indexOf(';', amp + 1);
            String value = semi < 0 || semi - amp > 40 ? null : reference(raw.substring(amp + 1, semi));
            if (value == null) return Parser.unescapeEntities(raw, inAttribute);
            out.append(raw, copied, amp).append(value);
            copied = semi + 1;
        }
        return out.append(raw, copied, raw.length()).toString();
    }

    /** The text a reference stands for, or null when it is not one of the plain forms. */
    private static String reference(String name) {
        if (name.length() > 1 && name.charAt(0) == '#') {
            boolean hex = name.charAt(1) == 'x' || name.charAt(1) == 'X';
            try {
                int code = Integer.parseInt(name.substring(hex ? 2 : 1), hex ? 16 : 10);
                // Nothing that HTML remaps (the C1 range) or forbids (NUL, surrogates): those go to jsoup.
                boolean plain = code > 0 && code < 0x80 || code > 0x9f && code < 0xd800 || code > 0xdfff && code <= 0x10ffff;
                return plain ? new String(Character.toChars(code)) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return Entities.isNamedEntity(name) ? Entities.getByName(name) : null;
    }
}
