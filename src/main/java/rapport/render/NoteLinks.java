package rapport.render;

import java.util.Map;
import java.util.Set;

/**
 * The links of one note that lead back to the shop's own pages rather than out into the world:
 * the way out, the customer's preferences, and the two answers to "Was this useful?". Templates
 * see them as {@code links}; the footer shows them; they are never rewritten to click redirects,
 * because following one is an answer, not engagement with the piece. Immutable.
 */
public record NoteLinks(String unsubscribe, String preferences, String useful, String notForMe) {

    /** The links of the note {@code run} sends to {@code customer}. */
    static NoteLinks of(Links links, long customer, String run) {
        // Both answers open the same page: one token, signed once.
        String rating = links.rating(customer, run);
        return new NoteLinks(links.unsubscribe(customer, run), links.preferences(customer, run),
                rating + "?v=" + Links.USEFUL, rating + "?v=" + Links.NOT_FOR_ME);
    }

    /** As templates see them: {@code links.unsubscribe}, {@code links.preferences}, {@code links.useful}, {@code links.notForMe}. */
    Map<String, String> model() {
        return Map.of("unsubscribe", unsubscribe, "preferences", preferences, "useful", useful, "notForMe", notForMe);
    }

    Set<String> all() {
        return Set.of(unsubscribe, preferences, useful, notForMe);
    }
}
