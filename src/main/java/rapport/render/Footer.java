package rapport.render;

import freemarker.template.utility.StringUtil;
import org.jsoup.nodes.Entities;
import rapport.config.RapportConfig;

/**
 * The standard compliance footer: the sender's postal address and a visible unsubscribe link.
 * Added only when the rendered piece does not already show both. Stateless.
 */
final class Footer {
    private Footer() {}

    static String ensureHtml(String html, RapportConfig.Sender sender, String unsubscribe) {
        if (!needed(html, sender, unsubscribe)) return html;
        String footer = html(sender, unsubscribe);
        int body = HtmlScanner.bodyEnd(html);
        return html.substring(0, body) + footer + html.substring(body);
    }

    /** Whether the rendered piece lacks the postal address or the unsubscribe link. */
    static boolean needed(String html, RapportConfig.Sender sender, String unsubscribe) {
        String postal = sender.postalAddress();
        // A template prints it through FreeMarker's escaping (' becomes &#39;), which jsoup's differs from.
        boolean hasPostal = html.contains(Entities.escape(postal)) || html.contains(StringUtil.XHTMLEnc(postal));
        return !(html.contains(unsubscribe) && hasPostal);
    }

    static String html(RapportConfig.Sender sender, String unsubscribe) {
        return "<div style=\"margin-top:24px;font-size:12px;color:#666\"><p>"
                + Entities.escape(sender.name()) + " &middot; " + Entities.escape(sender.postalAddress()) + "</p>"
                + "<p><a href=\"" + Entities.escape(unsubscribe) + "\">No more notes</a></p></div>";
    }

    static String ensureText(String text, RapportConfig.Sender sender, String unsubscribe) {
        if (text.contains(unsubscribe) && text.contains(sender.postalAddress())) return text;
        return text.stripTrailing() + "\n\n--\n" + sender.name() + ", " + sender.postalAddress()
                + "\nNo more notes: " + unsubscribe + "\n";
    }
}
