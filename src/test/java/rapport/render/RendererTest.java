package rapport.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rapport.render.RenderFixtures.NOW;
import static rapport.render.RenderFixtures.RUN;
import static rapport.render.RenderFixtures.STAGES;
import static rapport.render.RenderFixtures.ZONE;
import static rapport.render.RenderFixtures.write;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rapport.config.RapportConfig;
import rapport.content.Catalog;
import rapport.customer.Customer;
import rapport.tokens.Tokens;
import rapport.tokens.Tokens.Purpose;
import rapport.tokens.Tokens.Subject;

class RendererTest {
    private static final String FRONT = """
            <#--
            subject: "${customer.firstName!'Hello'}, three ways to keep pearls lustrous"
            stages: [acquaintance, friend]
            kind: tip
            priority: 60
            repeat: never
            -->
            """;
    private static final String CARE = "https://kosmima.example/care?a=1&b=2";
    private static final String BODY = """
            <p>Hi ${customer.firstName!"there"},</p>
            <p>Read the <a href="https://kosmima.example/care?a=1&amp;b=2">care guide</a> or
            <a href="mailto:hello@kosmima.example">write to me</a>.</p>
            """;
    private static final Pattern CLICK = Pattern.compile("https://news\\.kosmima\\.example/c/([a-z0-9.]+)\\?u=(.+)");
    private static final Pattern PIXEL = Pattern.compile("https://news\\.kosmima\\.example/o/([a-z0-9.]+)\\.gif");

    @TempDir Path workspace;
    private Path templates;
    private final Customer ann = RenderFixtures.customer(42, "Ann", "Lee");

    @BeforeEach
    void workspace() {
        templates = RenderFixtures.templates(workspace);
        write(templates, "_layout.ftlh", RenderFixtures.LAYOUT);
        write(templates, "plain.ftlh", FRONT + BODY);
        write(templates, "framed.ftlh", FRONT + "<#import \"_layout.ftlh\" as layout>\n"
                + "<@layout.page preheader=\"Last on, first off.\">" + BODY + "</@layout.page>\n");
    }

    private Note render(String piece, RapportConfig config) throws RenderException {
        Catalog catalog = Catalog.load(templates, STAGES);
        assertEquals(List.of(), catalog.issues());
        Renderer renderer = new Renderer(new TemplateEngine(templates, ZONE), config, RenderFixtures.links(config));
        return renderer.render(catalog.piece(piece).orElseThrow(), ann, RUN, NOW);
    }

    private Note render(String piece) throws RenderException {
        return render(piece, RenderFixtures.config(workspace));
    }

    private static String unsubscribe() {
        return "https://news.kosmima.example/u/" + RenderFixtures.tokens().sign(Purpose.UNSUBSCRIBE, 42, RUN);
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    @Test
    void theFooterIsAppendedWhenThePieceLacksTheUnsubscribeLink() throws Exception {
        Note note = render("plain");
        Document html = Jsoup.parse(note.html());
        assertEquals(1, html.select("a[href=" + unsubscribe() + "]").size(), note.html());
        assertTrue(html.text().contains("12 Boylston St, Chestnut Hill, MA 02467"), note.html());
        assertTrue(note.text().contains("No more notes: " + unsubscribe()), note.text());
        assertTrue(note.text().contains("12 Boylston St, Chestnut Hill, MA 02467"), note.text());
    }

    @Test
    void theStandardFooterAsksWhetherTheNoteWasUsefulAndLinksThePreferencesUntracked() throws Exception {
        Note note = render("plain");
        String token = RenderFixtures.tokens().sign(Purpose.FEEDBACK, 42, RUN);
        String useful = "https://news.kosmima.example/f/" + token + "?v=useful";
        String notForMe = "https://news.kosmima.example/f/" + token + "?v=not-for-me";
        String preferences = "https://news.kosmima.example/p/" + RenderFixtures.tokens().sign(Purpose.PREFERENCES, 42, RUN);
        Document html = Jsoup.parse(note.html());
        assertTrue(html.text().contains("Was this useful? Yes · Not for me"), html.text());
        assertEquals("Yes", html.select("a[href=" + useful + "]").text(), "a rating is an answer, never a tracked click");
        assertEquals("Not for me", html.select("a[href=" + notForMe + "]").text());
        assertEquals(1, html.select("a[href=" + preferences + "]").size());
        assertTrue(note.text().contains("Was this useful? Yes: " + useful), note.text());
        assertTrue(note.text().contains("Not for me: " + notForMe), note.text());
        assertTrue(note.text().contains("Your preferences: " + preferences), note.text());
    }

    @Test
    void theFooterIsNotDuplicatedWhenTheLayoutHasIt() throws Exception {
        Note note = render("framed");
        assertEquals(1, count(note.html(), unsubscribe()), note.html());
        assertEquals(1, count(note.html(), "12 Boylston St"), note.html());
        assertEquals(1, count(note.text(), unsubscribe()), note.text());
    }

    @Test
    void theFooterIsNotDuplicatedWhenThePostalAddressNeedsEscaping() throws Exception {
        RapportConfig config = RenderFixtures.settings().postalAddress("Kosmima & Sons, 1 O'Connell St, Dublin").config(workspace);
        Note note = render("framed", config);
        assertEquals(1, count(note.html(), unsubscribe()), note.html());
        assertEquals(1, count(Jsoup.parse(note.html()).text(), "O'Connell"), note.html());
    }

    @Test
    void webLinksBecomeSignedClickRedirectsBoundToTheirTarget() throws Exception {
        Note note = render("framed");
        List<String> clicks = Jsoup.parse(note.html()).select("a[href]").eachAttr("href").stream()
                .filter(href -> href.contains("/c/")).toList();
        assertEquals(1, clicks.size(), note.html());
        Matcher m = CLICK.matcher(clicks.get(0));
        assertTrue(m.matches(), clicks.get(0));
        assertEquals(CARE, URLDecoder.decode(m.group(2), StandardCharsets.UTF_8));
        Tokens tokens = RenderFixtures.tokens();
        assertEquals(Optional.of(new Subject(42, RUN)), tokens.verify(Purpose.CLICK, m.group(1), CARE));
        assertEquals(Optional.empty(), tokens.verify(Purpose.CLICK, m.group(1), "https://evil.example/"));
        assertFalse(note.html().contains("href=\"https://kosmima.example/care"), note.html());
    }

    @Test
    void linksAreRewrittenHoweverTheTemplateQuotesThemAndTheRestIsSentAsWritten() throws Exception {
        write(templates, "hand.ftlh", FRONT + """
                <!DOCTYPE html><html><body>
                <P>Hi &mdash; <A HREF='https://kosmima.example/a'>single</A>, <a class=x href=https://kosmima.example/b>bare</a>,
                <a href = "https://kosmima.example/c?x=1&amp;y=2" >spaced</a>.</P>
                <!-- <a href="https://kosmima.example/commented">not a link</a> -->
                <script>var s = '<a href="https://kosmima.example/scripted">';</script>
                </body></html>
                """);
        Note note = render("hand");
        Document html = Jsoup.parse(note.html());
        List<String> targets = html.select("a[href*=/c/]").eachAttr("href").stream()
                .map(href -> { Matcher m = CLICK.matcher(href); assertTrue(m.matches(), href); return m.group(2); })
                .map(target -> URLDecoder.decode(target, StandardCharsets.UTF_8)).toList();
        assertEquals(List.of("https://kosmima.example/a", "https://kosmima.example/b", "https://kosmima.example/c?x=1&y=2"),
                targets, note.html());
        assertTrue(note.html().contains("<!-- <a href=\"https://kosmima.example/commented\">"), note.html());
        assertTrue(note.html().contains("'<a href=\"https://kosmima.example/scripted\">'"), note.html());
        assertTrue(note.html().startsWith("<!DOCTYPE html><html><body>\n<P>Hi &mdash; <A HREF=\"https://news."), note.html());
        // The footer and the pixel go inside the body, in that order.
        assertTrue(note.html().matches("(?s).*No more notes</a></p></div><img src=\"https://news[^>]*></body></html>\n"),
                note.html());
    }

    @Test
    void theUnsubscribeAndMailtoLinksAreNotRewritten() throws Exception {
        Document html = Jsoup.parse(render("framed").html());
        assertEquals(1, html.select("a[href=" + unsubscribe() + "]").size());
        assertEquals(1, html.select("a[href=mailto:hello@kosmima.example]").size());
    }

    @Test
    void anOpenPixelIsAdded() throws Exception {
        List<String> sources = Jsoup.parse(render("framed").html()).select("img[src]").eachAttr("src");
        assertEquals(1, sources.size());
        Matcher m = PIXEL.matcher(sources.get(0));
        assertTrue(m.matches(), sources.get(0));
        assertEquals(Optional.of(new Subject(42, RUN)), RenderFixtures.tokens().verify(Purpose.OPEN, m.group(1)));
    }

    @Test
    void withTrackingOffLinksStayAndNoPixelIsAdded() throws Exception {
        RapportConfig config = RenderFixtures.settings().trackingEnabled(false).config(workspace);
        assertFalse(config.tracking().enabled());
        Note note = render("framed", config);
        Document html = Jsoup.parse(note.html());
        assertEquals(List.of(CARE, "mailto:hello@kosmima.example", unsubscribe()), html.select("a[href]").eachAttr("href"));
        assertTrue(html.select("img").isEmpty(), note.html());
        assertFalse(note.html().contains("/c/") || note.html().contains("/o/"), note.html());
    }

    @Test
    void theTextPartIsDerivedFromTheHtmlWithLinksSpelledOut() throws Exception {
        Note note = render("framed");
        assertTrue(note.text().startsWith("Hi Ann,"), note.text());
        assertTrue(note.text().contains("care guide (" + CARE + ")"), note.text());
        assertTrue(note.text().contains("write to me (mailto:hello@kosmima.example)"), note.text());
        assertTrue(note.text().contains("No more notes (" + unsubscribe() + ")"), note.text());
        assertFalse(note.text().contains("Last on, first off"), "the hidden preheader leaked: " + note.text());
        assertFalse(note.text().contains("<"), note.text());
        assertFalse(note.text().contains("/c/"), "text links are the real addresses: " + note.text());
    }

    @Test
    void aPlainTextTwinIsUsedInsteadOfTheDerivedText() throws Exception {
        write(templates, "framed.txt.ftl", "Hi ${customer.firstName},\n\nThe care guide: https://kosmima.example/care\n");
        Note note = render("framed");
        assertTrue(note.text().startsWith("Hi Ann,\n\nThe care guide: https://kosmima.example/care\n"), note.text());
        assertFalse(note.text().contains("care guide ("), note.text());
        assertTrue(note.text().contains("No more notes: " + unsubscribe()), "the twin lacks a footer: " + note.text());
    }

    @Test
    void theNoteCarriesThePerMessageAddresses() throws Exception {
        Note note = render("framed");
        Tokens tokens = RenderFixtures.tokens();
        assertEquals("Ann, three ways to keep pearls lustrous", note.subject());
        assertEquals("Ann Lee", note.toName());
        assertEquals("ann@example.com", note.toAddress());
        assertEquals("<rapport." + RUN + ".16@kosmima.example>", note.messageId());
        String reply = note.replyTo().substring("replies+".length(), note.replyTo().indexOf('@'));
        assertEquals(Optional.of(new Subject(42, RUN)), tokens.verify(Purpose.REPLY, reply));
        String bounce = note.envelopeFrom().substring("replies+".length(), note.envelopeFrom().indexOf('@'));
        assertEquals(Optional.of(new Subject(42, RUN)), tokens.verify(Purpose.BOUNCE, bounce));
        assertEquals("<" + unsubscribe() + ">", note.listUnsubscribe().get(0));
        assertTrue(note.listUnsubscribe().get(1).startsWith("<mailto:replies+u"), note.listUnsubscribe().toString());
    }

    @Test
    void aLineBreakInTheCustomersNameDoesNotReachTheRecipientName() throws Exception {
        Catalog catalog = Catalog.load(templates, STAGES);
        RapportConfig config = RenderFixtures.config(workspace);
        Renderer renderer = new Renderer(new TemplateEngine(templates, ZONE), config, RenderFixtures.links(config));
        Customer odd = RenderFixtures.customer(42, "Ann\r\nBcc: evil@example.com", "Lee\n");
        Note note = renderer.render(catalog.piece("framed").orElseThrow(), odd, RUN, NOW);
        assertFalse(note.toName().contains("\r") || note.toName().contains("\n"), note.toName());
        assertFalse(note.subject().contains("\r") || note.subject().contains("\n"), note.subject());
    }
}
