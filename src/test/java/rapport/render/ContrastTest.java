package rapport.render;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rapport.config.RapportConfig;
import rapport.content.Catalog;
import rapport.content.Piece;

/**
 * The demo layout's text is readable: every visible element whose text colour the layout sets
 * reaches WCAG AA contrast (4.5:1) against the background it sits on, the footer included, where
 * the postal address and the way out must be legible to everyone.
 */
class ContrastTest {
    private static final double AA = 4.5;
    private static final Pattern COLOR = Pattern.compile("(?:^|;)\\s*color\\s*:\\s*#([0-9a-fA-F]{6})");
    private static final Pattern BACKGROUND = Pattern.compile("background(?:-color)?\\s*:\\s*#([0-9a-fA-F]{6})");

    @TempDir Path dir;

    @Test
    void everyColouredTextOfTheDemoNotesReachesWcagAaContrast() throws Exception {
        Path workspace = RenderFixtures.settings().sampleTemplates().write(dir);
        RapportConfig config = RenderFixtures.config(workspace);
        Path templates = workspace.resolve("templates");
        Renderer renderer = new Renderer(new TemplateEngine(templates, config.schedule().timeZone()), config,
                RenderFixtures.links(config));
        List<String> faint = new ArrayList<>();
        for (Piece piece : Catalog.load(templates, RenderFixtures.STAGES).pieces()) {
            Document html = Jsoup.parse(renderer.render(piece, RenderFixtures.customer(7, "Ann", "Lee"), RenderFixtures.RUN,
                    RenderFixtures.NOW).html());
            for (Element e : html.select("[style*=color]")) {
                Matcher color = COLOR.matcher(e.attr("style"));
                if (!color.find() || hidden(e) || e.ownText().isBlank()) continue;
                double ratio = contrast(color.group(1), background(e));
                if (ratio < AA) faint.add(piece.id() + ": \"" + e.ownText().strip() + "\" #" + color.group(1) + " on #"
                        + background(e) + " (" + Math.round(ratio * 100) / 100.0 + ":1)");
            }
        }
        assertTrue(faint.isEmpty(), "text below " + AA + ":1: " + faint);
    }

    private static boolean hidden(Element e) {
        for (Element a = e; a != null; a = a.parent()) if (HtmlText.hidden(a.attr("style"))) return true;
        return false;
    }

    /** The nearest background set on the element or an ancestor; white when none is. */
    private static String background(Element e) {
        for (Element a = e; a != null; a = a.parent()) {
            Matcher m = BACKGROUND.matcher(a.attr("style"));
            if (m.find()) return m.group(1);
        }
        return "ffffff";
    }

    /** WCAG 2's contrast ratio of two sRGB colours. */
    static double contrast(String a, String b) {
        double la = luminance(a), lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(String hex) {
        double r = channel(Integer.parseInt(hex.substring(0, 2), 16));
        double g = channel(Integer.parseInt(hex.substring(2, 4), 16));
        double b = channel(Integer.parseInt(hex.substring(4, 6), 16));
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    }

    private static double channel(int v) {
        double c = v / 255.0;
        return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
}
