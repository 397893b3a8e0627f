package rapport.render;

import java.util.Set;

/**
 * Derives the plain-text part from the HTML part: paragraphs and blocks on their own lines,
 * list items as dashes, and each link as its text followed by its address. Stateless.
 */
public final class HtmlText {
    private static final Set<String> BLOCKS = Set.of("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
            "table", "tr", "blockquote", "section", "article", "header", "footer", "hr", "pre");

    private static final Set<String> SKIPPED = Set.of("style", "script", "head", "img");
    /** Elements that never have content or an end tag. */
    static final Set<String> VOID = Set.of("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr");

    private HtmlText() {}

    public static String toText(String html) {
        Writer writer = new Writer();
        HtmlScanner.scan(html, writer);
        return writer.text();
    }

    /** Collects text, folding the HTML's white space and keeping at most one blank line. */
    private static final class Writer implements HtmlScanner.Handler {
        private final StringBuilder out = new StringBuilder();
        /** The element whose content is being passed over, and how deep inside it the scan is. */
        private String skipping;
        private int skipDepth;
        /** The open link's address and the text seen inside it so far; label is null outside a link. */
        private String href;
        private StringBuilder label;

        @Override
        public void text(String html, int start, int end) {
            if (skipping != null) return;
            if (hasReference(html, start, end)) {
                String decoded = HtmlScanner.decode(html.substring(start, end));
                append(decoded, 0, decoded.length());
            } else {
                append(html, start, end);
            }
        }

        /** Whether the run holds a '&amp;'; indexOf would search on to the end of the page for every run. */
        private static boolean hasReference(String html, int start, int end) {
            for (int i = start; i < end; i++) if (html.charAt(i) == '&') return true;
            return false;
        }

        /** Appends text with each run of white space as one space, none at the start of a line. */
        private void append(String source, int start, int end) {
            int mark = out.length();
            int i = start;
            while (i < end) {
                int word = i;
                while (word < end && space(source.charAt(word))) word++;
                boolean spaced = word > i;
                if (word == end) {
                    if (spaced && !atLineStart()) out.append(' ');
                    break;
                }
                i = word;
                while (i < end && !space(source.charAt(i))) i++;
                if (spaced && !atLineStart()) out.append(' ');
                out.append(source, word, i);   // a word at a time, not a character at a time
            }
            if (label != null) label.append(out, mark, out.length());
        }

        /** A no-break space folds too, as in a browser's copied text. */
        private static boolean space(char c) {
            return c <= ' ' ? c == ' ' || Character.isWhitespace(c) : c >= 0x80 && (c == '\u00a0' || Character.isWhitespace(c));
        }

        @Override
        public void startTag(HtmlScanner.Tag tag) {
            String name = tag.name;
            if (skipping != null) {
                if (name.equals(skipping)) skipDepth++;
                else if (skipping.equals("head") && name.equals("body")) skipping = null;   // a head left open
                if (skipping != null) return;
            }
            if (skipped(tag)) {
                if (!VOID.contains(name)) {
                    skipping = name;
                    skipDepth = 1;
                }
                return;
            }
            if (name.equals("br")) newline(1);
            else if (name.equals("li")) { newline(1); out.append("- "); }
            else if (BLOCKS.contains(name)) newline(2);
            else if (name.equals("a")) {
                closeLink();   // links do not nest: a new one ends the last
                String address = tag.attr("href");
                href = address == null ? "" : address;
                label = new StringBuilder();
            }
        }

        /** Not for reading: styles, scripts, images, and preheaders or other hidden text (meant for the inbox list). */
        private static boolean skipped(HtmlScanner.Tag tag) {
            if (SKIPPED.contains(tag.name)) return true;
            String style = tag.attr("style");
            return style != null && hidden(style);
        }

        @Override
        public void endTag(String name, int start, int end) {
            if (skipping != null) {
                if (name.equals(skipping) && --skipDepth == 0) skipping = null;
                return;
            }
            if (name.equals("a")) closeLink();
            else if (BLOCKS.contains(name)) newline(2);
        }

        private void closeLink() {
            if (label == null) return;
            String text = label.toString().strip();
            if (!href.isEmpty() && !href.startsWith("#") && !href.equals(text) && !href.equals("mailto:" + text)) {
                out.append(" (").append(href).append(')');
            }
            label = null;
        }

        private boolean atLineStart() {
            return out.length() == 0 || out.charAt(out.length() - 1) == '\n';
        }

        private void newline(int wanted) {
            while (out.length() > 0 && out.charAt(out.length() - 1) == ' ') out.setLength(out.length() - 1);
            if (out.length() == 0) return;
            int have = 0;
            for (int i = out.length() - 1; i >= 0 && out.charAt(i) == '\n'; i--) have++;
            for (int i = have; i < wanted; i++) out.append('\n');
        }

        /** The text; {@link #newline} already keeps at most one blank line and no space at a line's end. */
        String text() {
            closeLink();
            return out.toString().strip() + "\n";
        }
    }

    /** Whether a style attribute hides its element: {@code display: none}, in any case and spacing. */
    static boolean hidden(String style) {
        // "display" can begin only at a 'd' or 'D': every other character is passed over at once.
        for (int i = 0; i + 7 <= style.length(); i++) {
            char c = style.charAt(i);
            if ((c != 'd' && c != 'D') || !style.regionMatches(true, i, "display", 0, 7)) continue;
            int j = i + 7;
            while (j < style.length() && Character.isWhitespace(style.charAt(j))) j++;
            if (j >= style.length() || style.charAt(j) != ':') continue;
            j++;
            while (j < style.length() && Character.isWhitespace(style.charAt(j))) j++;
            if (style.regionMatches(true, j, "none", 0, 4)) return true;
        }
        return false;
    }
}
