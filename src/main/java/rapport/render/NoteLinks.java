package rapport.render;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import rapport.customer.Customer;

/**
 * The links of one note that lead back to the shop's own pages rather than out into the world:
 * the way out, the customer's preferences, the two answers to "Was this useful?", and, for
 * customers whose stage may invite friends, their personal invitation to the join page. Templates
 * see them as {@code links}; the footer shows the first four; none is ever rewritten to a click
 * redirect, because following one is an answer (or a friend's visit), not engagement with the
 * piece. Immutable.
 *
 * @param referral null when the customer gets no invitation link
 */
public record NoteLinks(String unsubscribe, String preferences, String useful, String notForMe, String referral) {

    public NoteLinks(String unsubscribe, String preferences, String useful, String notForMe) {
        this(unsubscribe, preferences, useful, notForMe, null);
    }

    /** The links of the note {@code run} sends to {@code customer}. */
    static NoteLinks of(Links links, Customer customer, String run, Invitations invitations) {
        long id = customer.id();
        // Both answers open the same page: one token, signed once.
        String rating = links.rating(id, run);
        return new NoteLinks(links.unsubscribe(id, run), links.preferences(id, run),
                rating + "?v=" + Links.USEFUL, rating + "?v=" + Links.NOT_FOR_ME,
                invitations.offered(customer) ? links.referral(id) : null);
    }

    /**
     * As templates see them: {@code links.unsubscribe}, {@code links.preferences},
     * {@code links.useful}, {@code links.notForMe}, and {@code links.referral} when there is one
     * (left out otherwise, so a piece that needs it fails for that customer instead of printing nothing).
     */
    Map<String, String> model() {
        Map<String, String> m = new HashMap<>(Map.of("unsubscribe", unsubscribe, "preferences", preferences, "useful", useful,
                "notForMe", notForMe));
        if (referral != null) m.put("referral", referral);
        return m;
    }

    Set<String> all() {
        Set<String> all = new HashSet<>(Set.of(unsubscribe, preferences, useful, notForMe));
        if (referral != null) all.add(referral);
        return all;
    }
}
