package rapport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of STYLE.md, held: arrows point inward. Selection and content are pure (no
 * database, no mail, no clock), so {@code preview} and {@code send} decide alike on any day; the
 * features never reach out to the command line or the store; the command line holds no SQL and
 * no SMTP. Each rule fails with the offending class and line when broken.
 */
class LayeringTest {
    private static final String[] FEATURES = {"rapport.config..", "rapport.customer..", "rapport.content..",
            "rapport.selection..", "rapport.render..", "rapport.tokens..", "rapport.delivery..", "rapport.feedback..",
            "rapport.tracking..", "rapport.inbox..", "rapport.schedule..", "rapport.club.."};
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("rapport");
    }

    @Test
    void selectionAndContentTouchNoDatabaseNoMailAndNoClock() {
        ArchRule rule = noClasses().that().resideInAnyPackage("rapport.selection..", "rapport.content..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "jakarta.mail..",
                        "org.eclipse.angus..", "rapport.store..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Clock")
                .orShould().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(java.time.LocalDate.class, "now")
                .orShould().callMethod(java.time.LocalDateTime.class, "now")
                .orShould().callMethod(java.time.ZonedDateTime.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .because("\"as of\" is passed in, so preview and send agree on any day");
        rule.check(classes);
    }

    @Test
    void featuresNeverImportTheCommandLineOrTheStore() {
        noClasses().that().resideInAnyPackage(FEATURES)
                .should().dependOnClassesThat().resideInAnyPackage("rapport.cli..", "rapport.store..")
                .because("the store implements the features' interfaces at the edge, and the command line wires them")
                .check(classes);
    }

    @Test
    void theCommandLineHoldsNoSqlAndNoSmtp() {
        noClasses().that().resideInAPackage("rapport.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "jakarta.mail..",
                        "org.eclipse.angus..")
                .because("a command checks options, builds the domain object, calls it and returns an exit code")
                .check(classes);
    }

    @Test
    void noStaticFieldChangesAfterItIsSet() {
        fields().that().areStatic().should().beFinal()
                .because("state lives in objects the composition root builds, never in classes")
                .check(classes);
    }
}
