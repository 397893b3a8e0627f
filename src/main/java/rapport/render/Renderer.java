package rapport.render;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jsoup.nodes.Entities;
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
    private final TemplateEngine engine;
    private final RapportConfig.Sender sender;
    private final Links links;
    private final boolean tracking;
    private final ZoneId zone;
    private final Invitations invitations;

    public Renderer(TemplateEngine engine, RapportConfig config, Links links) {
        this.engine = engine;
        this.sender = config.sender();
        this.links = links;
        this.tracking = config.tracking().enabled();
        this.zone = config.schedule().timeZone();
        this.invitations = Invitations.from(config);
    }

    public Note render(Piece piece, Customer customer, String run, Instant asOf) throws RenderException {
        long id = customer.id();
        NoteLinks own = NoteLinks.of(links, customer, run, invitations);
        String unsubscribe = own.unsubscribe();
        Written written = write(piece, customer, own, asOf);
        String text = written.textTwin() != null ? written.textTwin() : HtmlText.toText(written.html());
        text = Footer.ensureText(text, sender, own);
        String html = Footer.ensureHtml(written.html(), sender, own);
        if (tracking) html = track(html, id, run, own);
        // Header data: a line break from the customer's record must not open a new header.
        String name = TemplateEngine.oneLine(customer.fullName());
        return new Note(id, run, piece.id(), piece.kind().label(), customer.email(), name, written.subject(), text, html,
                links.messageId(id, run), links.replyTo(id, run), links.envelopeFrom(id, run),
                List.of("<" + unsubscribe + ">", "<" + links.unsubscribeMailto(id, run) + ">"));
    }

    /**
     * Runs the piece's templates for this customer exactly as {@link #render} does, and stops
     * there: what a dry run needs to know, since only a template can fail for a customer's data.
     * The rest of a note (text from HTML, footer, signed links) is the same code for everyone.
     *
     * @throws RenderException as {@link #render} would throw it
     */
    public void check(Piece piece, Customer customer, String run, Instant asOf) throws RenderException {
        Map<String, Object> model = model(customer, NoteLinks.of(links, customer, run, invitations), asOf);
        engine.renderSubject(piece, model);
        engine.check(piece.id() + Catalog.PIECE_SUFFIX, model);
        if (piece.textTwin().isPresent()) engine.check(piece.textTwin().get(), model);
    }

    private Map<String, Object> model(Customer customer, NoteLinks own, Instant asOf) {
        return Model.of(customer, sender, own.model(), asOf, zone);
    }

    /** What the marketer's templates wrote for one customer; {@code textTwin} is null without a text twin. */
    private record Written(String subject, String html, String textTwin) {}

    private Written write(Piece piece, Customer customer, NoteLinks own, Instant asOf) throws RenderException {
        Map<String, Object> model = model(customer, own, asOf);
        String subject = engine.renderSubject(piece, model);
        String html = engine.render(piece.id() + Catalog.PIECE_SUFFIX, model);
        String text = piece.textTwin().isPresent() ? engine.render(piece.textTwin().get(), model) : null;
        return new Written(subject, html, text);
    }

    /**
     * Rewrites http(s) links to signed click redirects and adds the open pixel. The note's own
     * links (the way out, preferences, the rating) stay as they are: following one is an answer,
     * not a click on the piece. Everything else is left exactly as the template wrote it.
     */
    private String track(String html, long id, String run, NoteLinks own) {
        java.util.Set<String> untracked = own.all();
        StringBuilder out = new StringBuilder(html.length() + 2048);
        int[] copied = {0};
        HtmlScanner.scan(html, new HtmlScanner.Handler() {
            @Override
            public void text(String source, int start, int end) {}

            @Override
            public void startTag(HtmlScanner.Tag tag) {
                if (!tag.name.equals("a")) return;
                int[] span = tag.valueSpan("href");
                if (span == null) return;
                String href = tag.attr("href").trim();
                String scheme = href.length() > 8 ? href.substring(0, 8).toLowerCase(Locale.ROOT) : "";
                if ((scheme.startsWith("http://") || scheme.startsWith("https://")) && !untracked.contains(href)) {
                    out.append(html, copied[0], span[0]).append('"').append(Entities.escape(links.click(id, run, href))).append('"');
                    copied[0] = span[1];
                }
            }

            @Override
            public void endTag(String name, int start, int end) {}
        });
        out.append(html, copied[0], html.length());
        int body = HtmlScanner.bodyEnd(out.toString());
        String pixel = "<img src=\"" + links.openPixel(id, run) + "\" width=\"1\" height=\"1\" alt=\"\""
                + " style=\"display:block;width:1px;height:1px;border:0\">";
        return out.insert(body, pixel).toString();
    }
}
