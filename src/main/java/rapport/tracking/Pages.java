package rapport.tracking;

/**
 * The few HTML pages a person may see: the unsubscribe confirmation, its two outcomes and the
 * error pages. Self-contained (inline style, no scripts, images, fonts or links elsewhere), and
 * every value put into them is escaped. The outcome pages read the same whether or not the link
 * was valid, so they tell a prober nothing. Stateless.
 */
final class Pages {
    private static final String STYLE = "body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;"
            + "max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#222}"
            + "button{font:inherit;padding:.6rem 1.1rem;margin:.3rem .5rem .3rem 0;border:1px solid #555;"
            + "border-radius:.4rem;background:#fff;cursor:pointer}button.primary{background:#222;color:#fff}";

    private Pages() {}

    /** The page behind an unsubscribe link: a GET shows it and changes nothing. */
    static String confirm(String sender) {
        return page("Your notes from " + sender,
                "<h1>How often would you like to hear from " + escape(sender) + "?</h1>"
                        + "<p>You can stop the notes altogether, or keep them and hear from us less often.</p>"
                        + "<form method=\"post\">"
                        + "<button class=\"primary\" type=\"submit\" name=\"action\" value=\"unsubscribe\">No more notes</button>"
                        + "<button type=\"submit\" name=\"action\" value=\"fewer\">Fewer notes</button>"
                        + "</form>");
    }

    static String unsubscribed(String sender) {
        return page("You are unsubscribed",
                "<h1>You are unsubscribed</h1>"
                        + "<p>If this link was yours, it is done: you will get no more notes from " + escape(sender)
                        + " at this address.</p><p>Thank you for the time you spent with us.</p>");
    }

    static String fewer(String sender) {
        return page("You'll hear from us less often",
                "<h1>You'll hear from us less often</h1>"
                        + "<p>If this link was yours, it is done: notes from " + escape(sender)
                        + " will come less often from now on.</p>");
    }

    static String invalidLink() {
        return page("This link is not valid",
                "<h1>This link is not valid</h1>"
                        + "<p>This link is not valid. It may have been cut short or changed on its way to you;"
                        + " please use the link in the original email.</p>");
    }

    static String badForm() {
        return page("This form could not be read", "<h1>This form could not be read</h1>"
                + "<p>Nothing has changed. Please use the buttons on the page behind the link in your email.</p>");
    }

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
