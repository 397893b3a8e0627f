package rapport.feedback;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What an answer to "Was this useful?" means. One rating per note, and the last counts: every
 * answer is a {@code rating} on the timeline, the note's evidence holds the latest, and the
 * customer's declined pieces are exactly the pieces their notes currently rate
 * {@link Verdict#NOT_FOR_ME}. A comment ("what would make it more useful?") is a message from a
 * person, so it waits in the replies for a personal answer like any reply. A customer who was
 * forgotten or who complained is never recorded again. Stateless; thread-safe.
 */
public final class Rating {
    /** A comment is kept up to this many characters, as a reply's snippet is. */
    public static final int COMMENT_LIMIT = 2000;
    /** {@code customers.declined_pieces} holds at most this many characters. */
    public static final int DECLINED_LIMIT = 2000;

    /** The two answers, as the links, the form and the timeline spell them. */
    public enum Verdict {
        USEFUL("useful"), NOT_FOR_ME("not-for-me");

        private final String label;

        Verdict(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** The verdict a form or link spells {@code value}; empty for anything else. */
        public static Optional<Verdict> of(String value) {
            if (value == null) return Optional.empty();
            for (Verdict v : values()) if (v.label.equals(value.strip())) return Optional.of(v);
            return Optional.empty();
        }
    }

    private Rating() {}

    /** The signal for a rating of {@code note} at {@code at}; a blank comment is none. */
    public static Signal.Rating of(MessageRef note, Instant at, Verdict verdict, String comment) {
        return new Signal.Rating(note, at, verdict.label(), comment(comment).orElse(null));
    }

    /** The comment as kept: trimmed, clipped to {@link #COMMENT_LIMIT}; empty when blank. */
    public static Optional<String> comment(String raw) {
        if (raw == null || raw.isBlank()) return Optional.empty();
        String c = raw.strip();
        return Optional.of(c.length() <= COMMENT_LIMIT ? c : c.substring(0, COMMENT_LIMIT));
    }

    /** The subject a comment waits under in the replies. */
    public static String commentSubject(String noteSubject) {
        return noteSubject == null || noteSubject.isBlank() ? "Comment on a note" : "Comment on \"" + noteSubject + "\"";
    }

    /**
     * The key that makes a comment a reply of its own: the note, the moment, and the comment's
     * fingerprint, so that the same comment sent twice in a moment (a double press) counts once
     * and two different ones never collide.
     */
    public static String commentKey(Signal.Rating rating) {
        String comment = rating.comment() == null ? "" : rating.comment();
        return "rating:" + rating.message().run() + ":" + rating.message().customerId() + ":" + rating.at().toEpochMilli()
                + ":" + fingerprint(comment);
    }

    /**
     * The customer's declined pieces as stored: the pieces rated not for them, sorted, joined by
     * {@code ;}, as many whole ones as fit; null for none.
     */
    public static String declinedPieces(Collection<String> pieces) {
        StringBuilder out = new StringBuilder();
        for (String piece : new TreeSet<>(pieces)) {
            if (out.length() + piece.length() + 1 > DECLINED_LIMIT) break;
            if (out.length() > 0) out.append(';');
            out.append(piece);
        }
        return out.length() == 0 ? null : out.toString();
    }

    private static String fingerprint(String comment) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(comment.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
