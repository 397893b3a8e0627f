package rapport.render;

import org.jsoup.nodes.Entities;
import rapport.config.RapportConfig;

/**
 * The standard compliance footer: the sender's postal address and a visible unsubscribe link.
 * Added only when the rendered piece does not already show both. Stateless.
 */
final class Footer {
    private Footer() {}

    static String ensureHtml(String html, RapportConfig.Sender sender, String unsubscribe) {
        if (html.contains(unsubscribe) && html.contains(Entities.escape(sender.postalAddress()))) return html;
        String footer = "<div style=\"margin-top:24px;font-size:12px;color:#666\"><p>"
                + Entities.escape(sender.name()) + " &middot; " + Entities.escape(sender.postalAddress()) + "</p>"
                + "<p><a href=\"" + Entities.escape(unsubscribe) + "\">No more notes</a></p></div>";
        int body = html.toLowerCase(java.util.Locale.ROOT).lastIndexOf("</body>");
        return body < 0 ? html + footer : html.substring(0, body) + footer + html.substring(body);
    }

    static String ensureText(String text, RapportConfig.Sender sender, String unsubscribe) {
        if (text.contains(unsubscribe) && text.contains(sender.postalAddress())) return text;
        return text.stripTrailing() + "\n\n--\n" + sender.name() + ", " + sender.postalAddress()
                + "\nNo more notes: " + unsubscribe + "\n";
    }
}
