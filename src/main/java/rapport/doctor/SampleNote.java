package rapport.doctor;

import jakarta.mail.internet.MimeMessage;

/**
 * Where {@code rapport doctor} gets a note to sign: one rendered and composed as the send would,
 * implemented by the command line over the workspace. Making it sends nothing and records
 * nothing. Used once, from one thread.
 */
public interface SampleNote {
    /** The note, or why none could be made. */
    Sample make();

    /** A composed note, or the reason there is none. */
    sealed interface Sample {
        /** @param whose in words, for the finding: which piece, for whom */
        record Composed(MimeMessage message, String whose) implements Sample {}

        /** @param fix one line that says how to get a note */
        record None(String reason, String fix) implements Sample {}
    }
}
