package rapport.render;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import rapport.config.RapportConfig;
import rapport.content.LintIssue;

/**
 * Lint of the marketer's own join confirmation note, {@code templates/_confirm.ftlh}, when there
 * is one: it must render for a person who gave a first name and for one who did not (a missing
 * name is an error there: every signup may lack it), and it must carry {@code links.confirm}, or
 * nobody can ever confirm. Stateless.
 */
final class ConfirmLint {
    private static final String FILE = "templates/" + ConfirmationNote.TEMPLATE;
    private static final String SAMPLE_LINK = "https://confirm.invalid/confirm/sample";

    private ConfirmLint() {}

    static void check(TemplateEngine engine, Path templates, RapportConfig.Sender sender, Instant now, List<LintIssue> issues) {
        if (templates == null || !Files.isRegularFile(templates.resolve(ConfirmationNote.TEMPLATE))) return;
        String html;
        try {
            html = engine.render(ConfirmationNote.TEMPLATE, ConfirmationNote.model("Zoë", "zoe@example.com", SAMPLE_LINK, sender, now));
            engine.render(ConfirmationNote.TEMPLATE, ConfirmationNote.model(null, "someone@example.com", SAMPLE_LINK, sender, now));
        } catch (RenderException e) {
            issues.add(LintIssue.error(e.file(), e.line(), e.reason()));
            return;
        }
        if (!html.contains(SAMPLE_LINK)) {
            issues.add(LintIssue.error(FILE, 1, "the confirmation note does not use links.confirm: nobody who joins could confirm"));
        }
    }
}
