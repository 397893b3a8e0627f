package rapport.inbox;

import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * The new text of a reply, cleaned for a person to read at a glance in {@code rapport replies}:
 * the text/plain body (else the HTML one, as text), without the quoted note (">" lines,
 * "On … wrote:" and all after it, Outlook's "-----Original Message-----" and "From: … Sent: …"
 * blocks, Gmail's and Apple Mail's quote elements), without the signature ("-- ", "Sent from my
 * iPhone"), on one line with single spaces, at most {@value #MAX_LENGTH} characters. Stateless.
 */
public final class Snippets {
    public static final int MAX_LENGTH = 500;

    private static final Pattern ATTRIBUTION_START = Pattern.compile("^(On|Am|Le|El|Op|Il|Em|Den|W dniu)\\s.*");
    private static final Pattern ATTRIBUTION = Pattern.compile(
            "^(On|Am|Le|El|Op|Il|Em|Den|W dniu)\\s.{0,400}(wrote|schrieb|a écrit|escribió|schreef|ha scritto|escreveu|skrev|napisał)\\s*:\\s*$",
            Pattern.UNICODE_CASE);
    private static final Pattern ORIGINAL_MESSAGE = Pattern.compile(
            "^-{2,}\\s*(Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original|Oorspronkelijk bericht|Forwarded message)\\s*-{2,}.*",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern HEADER_FROM = Pattern.compile("^\\*?(From|Von|De|Van|Da)\\s*:\\*?\\s.*", Pattern.CASE_INSENSITIVE);
    private static final Pattern HEADER_SENT = Pattern.compile(
            "(^|\\s)\\*?(Sent|Date|Gesendet|Datum|Envoyé|Enviado|Verzonden|Inviato)\\s*:\\*?\\s.*", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern UNDERSCORES = Pattern.compile("^_{10,}\\s*$");
    private static final Pattern SIGNATURE = Pattern.compile("^--\\s*$");
    private static final Pattern SENT_FROM_DEVICE = Pattern.compile(
            "^(Sent from my |Sent from Outlook|Sent from Mail for|Sent from Yahoo Mail|Get Outlook for |Von meinem .* gesendet|Envoyé de mon ).*",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private static final Set<String> BLOCKS = Set.of("p", "div", "br", "li", "tr", "table", "h1", "h2", "h3", "h4", "h5",
            "h6", "hr", "pre", "blockquote", "ul", "ol", "section", "article");

    private Snippets() {}

    /** The snippet of a mail or part: its first text/plain body that is not an attachment, else its HTML body. */
    public static String of(Part mail) throws MessagingException, IOException {
        String plain = body(mail, "text/plain");
        if (plain != null && !plain.isBlank()) return fromText(plain);
        String html = body(mail, "text/html");
        return html == null ? "" : fromHtml(html);
    }

    public static String fromText(String text) {
        List<String> lines = text.replace("\r", "").lines().toList();
        StringBuilder kept = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (endsHere(lines, i, line)) break;
            if (line.startsWith(">")) continue;
            kept.append(line).append(' ');
        }
        return shorten(kept.toString().replaceAll("\\s+", " ").trim());
    }

    public static String fromHtml(String html) {
        Element body = Jsoup.parse(html).body();
        body.select("style, script, head, title").remove();
        // Quoted notes and signatures as the big clients mark them; Outlook's reply header starts the quote.
        for (Element start : body.select("#divRplyFwdMsg, #appendonsend, div.OutlookMessageHeader")) {
            Element sibling = start.nextElementSibling();
            while (sibling != null) {
                Element next = sibling.nextElementSibling();
                sibling.remove();
                sibling = next;
            }
            start.remove();
        }
        body.select("div.gmail_quote, div.gmail_extra, div.gmail_signature, blockquote, div.yahoo_quoted,"
                + " div.moz-cite-prefix, div.moz-signature, #Signature").remove();
        TextWriter writer = new TextWriter();
        NodeTraversor.traverse(writer, body);
        return fromText(writer.out.toString());
    }

    /** Whether the reply's own text ends at line {@code i}: a quote, an original-message block or a signature starts there. */
    private static boolean endsHere(List<String> lines, int i, String line) {
        if (SIGNATURE.matcher(line).matches() || SENT_FROM_DEVICE.matcher(line).matches()) return true;
        if (ORIGINAL_MESSAGE.matcher(line).matches() || UNDERSCORES.matcher(line).matches()) return true;
        if (ATTRIBUTION_START.matcher(line).matches()) {
            // Clients wrap a long "On <date>, <name> <address> wrote:" over up to three lines.
            StringBuilder joined = new StringBuilder(line);
            for (int j = i; j < Math.min(lines.size(), i + 3); j++) {
                if (j > i) joined.append(' ').append(lines.get(j).strip());
                if (ATTRIBUTION.matcher(joined).matches()) return true;
            }
        }
        if (HEADER_FROM.matcher(line).matches()) {
            if (HEADER_SENT.matcher(line.substring(line.indexOf(':') + 1)).find()) return true;
            for (int j = i + 1; j < Math.min(lines.size(), i + 5); j++) {
                if (HEADER_SENT.matcher(lines.get(j).strip()).lookingAt()) return true;
            }
        }
        return false;
    }

    private static String shorten(String text) {
        if (text.length() <= MAX_LENGTH) return text;
        int cut = text.lastIndexOf(' ', MAX_LENGTH - 1);
        if (cut < MAX_LENGTH / 2) cut = MAX_LENGTH - 1;
        return text.substring(0, cut).stripTrailing() + "…";
    }

    /** The first body of this type, depth first, skipping attachments and attached messages. */
    private static String body(Part part, String type) throws MessagingException, IOException {
        if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || part.isMimeType("message/*")) return null;
        if (part.isMimeType(type)) return text(part);
        if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                String found = body(multipart.getBodyPart(i), type);
                if (found != null) return found;
            }
        }
        return null;
    }

    /**
     * A text part's content; in a charset Java does not know (Exchange's "unicode-1-1-utf-7",
     * say), its bytes read as UTF-8, so that one odd label costs a few odd letters, not the mail.
     */
    static String text(Part part) throws MessagingException, IOException {
        try {
            Object content = part.getContent();
            if (content instanceof String s) return s;
        } catch (UnsupportedEncodingException e) {
            // read below
        }
        try (InputStream in = part.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** HTML to lines: each block and break on its own line, so the line rules above apply to HTML too. */
    private static final class TextWriter implements NodeVisitor {
        final StringBuilder out = new StringBuilder();

        @Override
        public void head(Node node, int depth) {
            if (node instanceof TextNode text) out.append(text.text());
            else if (node instanceof Element e && BLOCKS.contains(e.normalName())) out.append('\n');
        }

        @Override
        public void tail(Node node, int depth) {
            if (node instanceof Element e && BLOCKS.contains(e.normalName())) out.append('\n');
        }
    }
}
