package rapport.content;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * One content piece: its id (the file name without {@code .ftlh}), its front matter and where
 * its parts sit in the file. Immutable.
 *
 * @param subject     the subject line, itself a FreeMarker template (plain text)
 * @param subjectLine the file line of the {@code subject:} key, for error messages
 * @param textTwin    the name of the {@code NAME.txt.ftl} template beside it, if there is one
 */
public record Piece(
        String id,
        String file,
        String subject,
        int subjectLine,
        List<String> stages,
        Kind kind,
        List<String> interests,
        int priority,
        Repeat repeat,
        LocalDate validFrom,
        LocalDate validUntil,
        Optional<String> textTwin) {

    public Optional<LocalDate> from() { return Optional.ofNullable(validFrom); }
    public Optional<LocalDate> until() { return Optional.ofNullable(validUntil); }
}
