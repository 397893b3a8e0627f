package rapport.render;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Phrases that spam filters (SpamAssassin's body rules among them) score against a message,
 * whoever wrote it: a note that says them honestly still lands in the junk folder more often.
 * Lint warns where a piece uses one, so the writer can say the same thing another way. Immutable
 * and thread-safe.
 */
final class SpamPhrases {
    private record Phrase(Pattern pattern, String why) {}

    private static final List<Phrase> PHRASES = List.of(
            phrase("(lose|lost|losing)\\s+weight|weight\\s+loss", "reads as diet spam"),
            phrase("click\\s+here|click\\s+below", "is what phishing says: name where the link goes instead"),
            phrase("act\\s+now|limited\\s+time\\s+(offer|only)|urgent", "pressure is a spam signal"),
            phrase("100\\s*%\\s*free|free\\s+gift|risk[-\\s]free|no\\s+obligation|money[-\\s]back\\s+guarantee",
                    "is an advertising phrase filters score"),
            phrase("dear\\s+(friend|customer|valued)", "is how mass mail opens: greet them by name"),
            phrase("you\\s+(have\\s+been|are)\\s+selected|congratulations,?\\s+you|you('ve|\\s+have)\\s+won",
                    "is how prize scams open"),
            phrase("this\\s+is\\s+not\\s+spam|not\\s+junk\\s+mail", "saying so is a spam signal"));

    private SpamPhrases() {}

    private static Phrase phrase(String regex, String why) {
        return new Phrase(Pattern.compile("\\b(" + regex + ")\\b", Pattern.CASE_INSENSITIVE), why);
    }

    /** The warning for the first punished phrase on this line, if it has one. */
    static Optional<String> check(String line) {
        for (Phrase p : PHRASES) {
            var m = p.pattern().matcher(line);
            if (m.find()) return Optional.of("spam filters punish \"" + m.group(1).toLowerCase(java.util.Locale.ROOT) + "\": it "
                    + p.why() + "; say it another way");
        }
        return Optional.empty();
    }
}
