package rapport.club;

import java.time.Instant;

/**
 * What a person agreed to on the join form, and when and from where they sent it: the record a
 * shop keeps to show that a person asked for its notes. The {@link #wording} is the sentence
 * beside the consent checkbox, word for word as the form showed it. Immutable.
 *
 * @param at when the form was sent (the server's clock)
 * @param client the client address the form came from (the TCP peer)
 * @param wording the consent sentence exactly as shown
 */
public record Consent(Instant at, String client, String wording) {

    public Consent {
        if (wording == null || wording.isBlank()) throw new IllegalArgumentException("a consent needs its wording");
    }

    /** The sentence beside the checkbox, in the shop's name. */
    public static String wording(String shop) {
        return "Yes, I would like to receive occasional notes from " + shop
                + " by email. I can stop them at any time with the link at the bottom of every note.";
    }

    /** The timeline's words for this consent: when, from where, and what was agreed to. */
    public String detail(Instant confirmedAt) {
        String text = "consent given " + at + " from " + (client == null || client.isBlank() ? "an unknown address" : client)
                + ", confirmed " + confirmedAt + " from the note sent to the address; the form said: \"" + wording + "\"";
        return text.length() <= 2000 ? text : text.substring(0, 1999) + "…";
    }
}
