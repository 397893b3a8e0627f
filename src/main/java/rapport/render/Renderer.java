package rapport.render;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import rapport.config.RapportConfig;
import rapport.content.Catalog;
import rapport.content.Piece;
import rapport.customer.Customer;

/**
 * Turns (piece, customer, run) into the {@link Note} that will be sent: subject, HTML and text
 * from the marketer's templates, the compliance footer when the piece does not carry one, the
 * open pixel and click redirects, and the per-message addresses. {@code preview} and
 * {@code send} both call this, so what is previewed is what is sent. Thread-safe.
 */
public final class Renderer {
    private static final Pattern HEADER_BREAK = Pattern.compile("[\\s\\p{Cntrl}]+");
    private final TemplateEngine engine;
    private final RapportConfig.Sender sender;
    private final Links links;
    private final boolean tracking;
    private final ZoneId zone;

    public Renderer(TemplateEngine engine, RapportConfig config, Links links) {
        this.engine = engine;
        this.sender = config.sender();
        this.links = links;
        this.tracking = config.tracking().enabled();
        this.zone = config.schedule().timeZone();
    }

    public Note render(Piece piece, Customer customer, String run, Instant asOf) throws RenderException {
        long id = customer.id();
        String unsubscribe = links.unsubscribe(id, run);
        Map<String, Object> model = Model.of(customer, sender, Map.of("unsubscribe", unsubscribe), asOf, zone);
        String subject = engine.renderSubject(piece, model);
        String html = engine.render(piece.id() + Catalog.PIECE_SUFFIX, model);
        // One parse serves both the derived text part and the link rewriting: it is the costliest
        // step of a note after the template itself.
        Document doc = tracking || piece.textTwin().isEmpty() ? Jsoup.parse(html) : null;
        String text = piece.textTwin().isPresent() ? engine.render(piece.textTwin().get(), model) : HtmlText.toText(doc);
        text = Footer.ensureText(text, sender, unsubscribe);
        if (tracking) {
            doc.outputSettings().prettyPrint(false);
            if (Footer.needed(html, sender, unsubscribe)) doc.body().append(Footer.html(sender, unsubscribe));
            html = track(doc, id, run, unsubscribe);
        } else {
            html = Footer.ensureHtml(html, sender, unsubscribe);
        }
        // Header data: a line break from the customer's record must not open a new header.
        String name = HEADER_BREAK.matcher(customer.fullName()).replaceAll(" ").trim();
        return new Note(id, run, piece.id(), piece.kind().label(), customer.email(), name, subject, text, html,
                links.messageId(id, run), links.replyTo(id, run), links.envelopeFrom(id, run),
                List.of("<" + unsubscribe + ">", "<" + links.unsubscribeMailto(id, run) + ">"));
    }

    /** Rewrites http(s) links to signed click redirects and adds the open pixel. */
    private String track(Document doc, long id, String run, String unsubscribe) {
        for (Element a : doc.getElementsByTag("a")) {
            if (!a.hasAttr("href")) continue;
            String href = a.attr("href").trim();
            String scheme = href.length() > 8 ? href.substring(0, 8).toLowerCase(java.util.Locale.ROOT) : "";
            if ((scheme.startsWith("http://") || scheme.startsWith("https://")) && !href.equals(unsubscribe)) {
                a.attr("href", links.click(id, run, href));
            }
        }
        Element pixel = doc.body().appendElement("img");
        pixel.attr("src", links.openPixel(id, run)).attr("width", "1").attr("height", "1").attr("alt", "")
                .attr("style", "display:block;width:1px;height:1px;border:0");
        return doc.outerHtml();
    }
}
