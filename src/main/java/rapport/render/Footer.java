package rapport.render;

import freemarker.template.utility.StringUtil;
import org.jsoup.nodes.Entities;
import rapport.config.RapportConfig;

/**
 * The standard footer: the sender's postal address, "Was this useful? Yes · Not for me", the
 * customer's preferences and a visible way out. Added only when the rendered piece does not
 * already show the postal address and the unsubscribe link: a layout that places them itself
 * places the rest too (see the demo's {@code _layout.ftlh}). Stateless.
 */
final class Footer {
    private Footer() {}

    static String ensureHtml(String html, RapportConfig.Sender sender, NoteLinks links) {
        if (!needed(html, sender, links.unsubscribe())) return html;
        String footer = html(sender, links);
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

    static String html(RapportConfig.Sender sender, NoteLinks links) {
        String link = "<a href=\"%s\" style=\"color:#555\">%s</a>";
        return "<div style=\"margin-top:24px;font-size:12px;color:#666\">"
                + "<p>Was this useful? " + link.formatted(Entities.escape(links.useful()), "Yes")
                + " &middot; " + link.formatted(Entities.escape(links.notForMe()), "Not for me") + "</p>"
                + "<p>" + Entities.escape(sender.name()) + " &middot; " + Entities.escape(sender.postalAddress()) + "</p>"
                + "<p>" + link.formatted(Entities.escape(links.preferences()), "Your preferences")
                + " &middot; " + link.formatted(Entities.escape(links.unsubscribe()), "No more notes") + "</p></div>";
    }

    static String ensureText(String text, RapportConfig.Sender sender, NoteLinks links) {
        if (text.contains(links.unsubscribe()) && text.contains(sender.postalAddress())) return text;
        return text.stripTrailing() + "\n\n--\n"
                + "Was this useful? Yes: " + links.useful() + "\n"
                + "Not for me: " + links.notForMe() + "\n\n"
                + sender.name() + ", " + sender.postalAddress() + "\n"
                + "Your preferences: " + links.preferences() + "\n"
                + "No more notes: " + links.unsubscribe() + "\n";
    }
}
