package rapport.render;

import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeFilter;

/**
 * Derives the plain-text part from the HTML part: paragraphs and blocks on their own lines,
 * list items as dashes, and each link as its text followed by its address. Stateless.
 */
public final class HtmlText {
    private static final Set<String> BLOCKS = Set.of("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
            "table", "tr", "blockquote", "section", "article", "header", "footer", "hr", "pre");

    private static final Set<String> SKIPPED = Set.of("style", "script", "head", "img");
    private static final Pattern HIDDEN = Pattern.compile("(?i)display\\s*:\\s*none");
    private static final Pattern SPACE = Pattern.compile("\\s+");
    private static final Pattern SPACE_BEFORE_NEWLINE = Pattern.compile("[ \\t]+\n");
    private static final Pattern BLANK_LINES = Pattern.compile("\\n{3,}");

    private HtmlText() {}

    public static String toText(String html) {
        return toText(Jsoup.parse(html));
    }

    /** The text of a parsed document, which is left as it was (the send goes on to rewrite its links). */
    static String toText(Document doc) {
        Writer writer = new Writer();
        NodeTraversor.filter(writer, doc.body());
        return writer.text();
    }

    /** Collects text, folding the HTML's white space and keeping at most one blank line. */
    private static final class Writer implements NodeFilter {
        private final StringBuilder out = new StringBuilder();

        @Override
        public FilterResult head(Node node, int depth) {
            if (node instanceof Element e && skipped(e)) return FilterResult.SKIP_ENTIRELY;
            if (node instanceof TextNode text) {
                String t = SPACE.matcher(text.text()).replaceAll(" ");
                if (atLineStart()) t = t.stripLeading();
                out.append(t);
            } else if (node instanceof Element e) {
                String tag = e.normalName();
                if (tag.equals("br")) newline(1);
                else if (tag.equals("li")) { newline(1); out.append("- "); }
                else if (BLOCKS.contains(tag)) newline(2);
            }
            return FilterResult.CONTINUE;
        }

        /** Not for reading: styles, scripts, images, and preheaders or other hidden text (meant for the inbox list). */
        private static boolean skipped(Element e) {
            return SKIPPED.contains(e.normalName()) || e.hasAttr("style") && HIDDEN.matcher(e.attr("style")).find();
        }

        @Override
        public FilterResult tail(Node node, int depth) {
            if (node instanceof Element e) close(e);
            return FilterResult.CONTINUE;
        }

        private void close(Element e) {
            String tag = e.normalName();
            if (tag.equals("a")) {
                String href = e.attr("href");
                String label = e.text().trim();
                if (!href.isEmpty() && !href.startsWith("#") && !href.equals(label) && !href.equals("mailto:" + label)) {
                    out.append(" (").append(href).append(')');
                }
            } else if (BLOCKS.contains(tag)) {
                newline(2);
            }
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

        String text() {
            String folded = SPACE_BEFORE_NEWLINE.matcher(out).replaceAll("\n");
            return BLANK_LINES.matcher(folded).replaceAll("\n\n").strip() + "\n";
        }
    }
}
