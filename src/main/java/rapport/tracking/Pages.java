package rapport.tracking;

/**
 * The plain error pages of the tracking server (not found, not allowed, too large, try again). Self-contained (inline style, no scripts, images, fonts or links
 * elsewhere), and every value put into them is escaped. The pages a person reaches through a
 * link in a note (a damaged click link, the unsubscribe pages) are templates of their own set, see {@link PageSet}. Stateless.
 */
final class Pages {
    private static final String STYLE = "body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;"
            + "max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#222}";

    private Pages() {}

    static String notFound() {
        return page("Not found", "<h1>Not found</h1><p>There is nothing at this address.</p>");
    }

    static String methodNotAllowed() {
        return page("Not allowed", "<h1>Not allowed</h1><p>This address does not answer that kind of request.</p>");
    }

    static String tooLarge() {
        return page("Too large", "<h1>Too large</h1><p>The request was larger than this address accepts.</p>");
    }

    static String unavailable() {
        return page("Please try again", "<h1>Please try again</h1>"
                + "<p>We could not do this just now. Nothing has changed; please try again in a few minutes.</p>");
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<meta name=\"robots\" content=\"noindex, nofollow\">"
                + "<title>" + escape(title) + "</title><style>" + STYLE + "</style></head>"
                + "<body><main>" + body + "</main></body></html>\n";
    }

    /** Text made safe for HTML element content and quoted attribute values. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
