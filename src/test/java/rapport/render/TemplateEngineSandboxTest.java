package rapport.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rapport.render.RenderFixtures.NOW;
import static rapport.render.RenderFixtures.ZONE;
import static rapport.render.RenderFixtures.write;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import rapport.config.RapportConfig;
import rapport.content.Kind;
import rapport.content.Piece;
import rapport.content.Repeat;
import rapport.customer.Customer;

class TemplateEngineSandboxTest {
    private static final String SECRET_TEXT = "TOP-SECRET-CONTENT";

    @TempDir Path workspace;
    private Path templates;
    private Path secret;
    private RapportConfig config;
    private TemplateEngine engine;

    @BeforeEach
    void workspace() throws Exception {
        templates = RenderFixtures.templates(workspace);
        secret = write(workspace, "secret.txt", SECRET_TEXT);
        config = RenderFixtures.config(workspace);
        engine = new TemplateEngine(templates, ZONE);
    }

    private Map<String, Object> model(Customer customer) {
        return Model.of(customer, config.sender(), Map.of("unsubscribe", "https://news.kosmima.example/u/x"), NOW, ZONE);
    }

    private Map<String, Object> model() {
        return model(RenderFixtures.customer(7, "Ann", "Lee"));
    }

    /** Renders a piece with this body and expects it to fail without leaking the secret file. */
    private RenderException refused(String body) {
        write(templates, "x.ftlh", body);
        RenderException e = assertThrows(RenderException.class, () -> engine.render("x.ftlh", model()));
        assertFalse(e.getMessage().contains(SECRET_TEXT), e.getMessage());
        return e;
    }

    private static Piece piece(String subject) {
        return new Piece("x", "templates/x.ftlh", subject, 2, List.of("acquaintance"), Kind.TIP, List.of(), 50,
                new Repeat.Never(), null, null, Optional.empty());
    }

    @Test
    void executeViaNewBuiltinCannotRunACommand() {
        Path pwned = workspace.resolve("pwned-" + UUID.randomUUID());
        refused("<#assign ex=\"freemarker.template.utility.Execute\"?new()>${ex(\"touch " + pwned + "\")}");
        assertFalse(Files.exists(pwned), "the command ran");
    }

    @ParameterizedTest
    @ValueSource(strings = {"freemarker.template.utility.ObjectConstructor", "freemarker.template.utility.JythonRuntime",
            "freemarker.template.utility.Execute", "java.lang.ProcessBuilder"})
    void newBuiltinCanInstantiateNothing(String className) {
        refused("<#assign x=\"" + className + "\"?new()>made ${x}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"${customer?api.class}", "${links?api}", "${now?api.time}", "${customer.interests?api.size()}",
            "${customer.attributes?api.getClass().name}"})
    void apiBuiltinIsSwitchedOff(String expression) {
        refused("<p>" + expression + "</p>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"new_builtin_class_resolver=\"unrestricted\"", "api_builtin_enabled=true"})
    void aTemplateCannotReopenTheSandboxWithTheSettingDirective(String setting) {
        Path pwned = workspace.resolve("pwned-" + UUID.randomUUID());
        refused("<#setting " + setting + "><#assign ex=\"freemarker.template.utility.Execute\"?new()>${ex(\"touch " + pwned + "\")}");
        assertFalse(Files.exists(pwned));
    }

    @ParameterizedTest
    @ValueSource(strings = {"<#include \"../secret.txt\">", "<#import \"/../../etc/passwd\" as x>", "<#include \"/etc/passwd\">",
            "<#include \"../../../../../../etc/passwd\">", "<#include \"file:///etc/passwd\">", "<#include \"..\\\\secret.txt\">",
            "<#include \"sub/../../secret.txt\">"})
    void includesAndImportsCannotLeaveTheTemplatesFolder(String directive) {
        refused("<p>Hi ${customer.firstName}</p>" + directive);
    }

    @Test
    void anAbsolutePathToAFileOutsideIsNotIncluded() {
        refused("<#include \"" + secret.toAbsolutePath() + "\">");
    }

    @Test
    void aSymlinkInsideTemplatesPointingOutsideIsRefused() throws Exception {
        Files.createSymbolicLink(templates.resolve("linked.ftlh"), secret.toAbsolutePath());
        refused("<#include \"linked.ftlh\">");
        RenderException direct = assertThrows(RenderException.class, () -> engine.render("linked.ftlh", model()));
        assertFalse(direct.getMessage().contains(SECRET_TEXT));
        assertFalse(direct.getMessage().contains(secret.toString()), "names the link's target: " + direct.getMessage());
    }

    @Test
    void aSymlinkedFolderInsideTemplatesPointingOutsideIsRefused() throws Exception {
        Files.createSymbolicLink(templates.resolve("shared"), workspace);
        refused("<#include \"shared/secret.txt\">");
    }

    @Test
    void evalCannotEscapeTheSandbox() {
        Path pwned = workspace.resolve("pwned-" + UUID.randomUUID());
        refused("${'\"freemarker.template.utility.Execute\"?new()(\"touch " + pwned + "\")'?eval}");
        refused("${'customer?api'?eval}");
        assertFalse(Files.exists(pwned));
    }

    @Test
    void interpretCannotEscapeTheSandbox() {
        Path pwned = workspace.resolve("pwned-" + UUID.randomUUID());
        refused("<#assign t='<#include \"../secret.txt\">'?interpret><@t/>");
        refused("<#assign t='<#assign e=\"freemarker.template.utility.Execute\"?new()>${e(\"touch " + pwned + "\")}'?interpret><@t/>");
        assertFalse(Files.exists(pwned));
    }

    @ParameterizedTest
    @ValueSource(strings = {"${customer.class}", "${customer.getClass()}", "${customer.class.forName('java.lang.Runtime')}",
            "${customer['class']}", "${links.getClass().getName()}", "${sender.class.name}", "${customer.attributes.class}",
            "${customer.interests.getClass()}", "${customer.email.getClass()}"})
    void javaClassesAreOutOfReach(String expression) {
        RenderException e = refused("<p>" + expression + "</p>");
        assertFalse(e.getMessage().contains("java.util"), e.getMessage());
    }

    @Test
    void aCustomersNameIsHtmlEscapedInAPiece() throws Exception {
        write(templates, "x.ftlh", "<p>Hi ${customer.firstName},</p>");
        String html = engine.render("x.ftlh", model(RenderFixtures.customer(7, "<script>alert(1)</script>", "O'Hara & Co")));
        assertFalse(html.contains("<script>"), html);
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
    }

    @Test
    void theSubjectIsPlainTextNotHtml() throws Exception {
        String subject = engine.renderSubject(piece("${customer.firstName}, rings & <things>"),
                model(RenderFixtures.customer(7, "Ann & Bob", "Lee")));
        assertEquals("Ann & Bob, rings & <things>", subject);
    }

    @Test
    void aLineBreakInDataIsFoldedOutOfTheSubject() throws Exception {
        String subject = engine.renderSubject(piece("${customer.firstName}, a note"),
                model(RenderFixtures.customer(7, "Ann\r\nBcc: evil@example.com\n", "Lee")));
        assertEquals("Ann Bcc: evil@example.com , a note", subject);
    }

    @Test
    void aMissingValueFailsNamingFileAndLineInsteadOfPrintingNothing() {
        write(templates, "x.ftlh", "<p>Hello.</p>\n<p>Hi ${customer.firstName},</p>\n");
        Customer nameless = RenderFixtures.customer(7, null, null);
        RenderException e = assertThrows(RenderException.class, () -> engine.render("x.ftlh", model(nameless)));
        assertEquals("templates/x.ftlh", e.file());
        assertEquals(2, e.line());
        assertTrue(e.getMessage().startsWith("templates/x.ftlh:2: "), e.getMessage());
        assertTrue(e.getMessage().contains("customer.firstName"), e.getMessage());
    }

    @Test
    void aMissingValueInTheSubjectNamesThePieceAndItsSubjectLine() {
        RenderException e = assertThrows(RenderException.class,
                () -> engine.renderSubject(piece("Hi ${customer.firstName}"), model(RenderFixtures.customer(7, null, null))));
        assertEquals("templates/x.ftlh", e.file());
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("customer.firstName"), e.getMessage());
    }

    @Test
    void aSyntaxErrorInAnImportedLayoutIsReportedAgainstTheLayout() {
        write(templates, "_layout.ftlh", "<#macro page>\n<html><body>\n<#if >broken</#if>\n<#nested>\n</body></html>\n</#macro>\n");
        write(templates, "x.ftlh", "<#-- front -->\n<#import \"_layout.ftlh\" as layout>\n<@layout.page><p>Hi ${customer.firstName}</p></@layout.page>\n");
        RenderException e = assertThrows(RenderException.class, () -> engine.render("x.ftlh", model()));
        assertEquals("templates/_layout.ftlh", e.file(), e.getMessage());
        assertEquals(3, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains("syntax error"), e.getMessage());
    }

    @Test
    void aBrokenLayoutIsBlamedTheSameWayOnEveryLaterRender() {
        write(templates, "_layout.ftlh", "<#macro page>\n<#if >broken</#if>\n<#nested>\n</#macro>\n");
        write(templates, "x.ftlh", "<#import \"_layout.ftlh\" as layout>\n<@layout.page>Hi ${customer.firstName}</@layout.page>\n");
        write(templates, "y.ftlh", "<#import \"_layout.ftlh\" as layout>\n<@layout.page>Hello ${customer.firstName}</@layout.page>\n");
        for (String piece : List.of("x.ftlh", "y.ftlh", "x.ftlh")) {
            RenderException e = assertThrows(RenderException.class, () -> engine.render(piece, model()));
            assertEquals("templates/_layout.ftlh:2", e.file() + ":" + e.line(), e.getMessage());
        }
    }

    @Test
    void aBrokenPieceReportsItsLineOnEveryRenderNotOnlyTheFirst() {
        write(templates, "x.ftlh", "<p>one</p>\n<p>${customer.firstName + }</p>\n");
        for (int i = 0; i < 2; i++) {
            RenderException e = assertThrows(RenderException.class, () -> engine.render("x.ftlh", model()));
            assertEquals("templates/x.ftlh:2", e.file() + ":" + e.line(), e.getMessage());
            assertTrue(e.getMessage().contains("syntax error"), e.getMessage());
        }
    }

    @Test
    void aSyntaxErrorInInterpretedTextIsBlamedOnTheLineThatInterpretsIt() {
        write(templates, "x.ftlh", "<p>one</p>\n<#assign t='<#if'?interpret><@t/>\n");
        RenderException e = assertThrows(RenderException.class, () -> engine.render("x.ftlh", model()));
        assertEquals("templates/x.ftlh:2", e.file() + ":" + e.line(), e.getMessage());
    }

    @Test
    void aSyntaxErrorInThePieceItselfNamesItsLine() {
        write(templates, "x.ftlh", "<p>one</p>\n<p>two</p>\n<#list customer.interests as i>${i}\n");
        RenderException e = assertThrows(RenderException.class, () -> engine.render("x.ftlh", model()));
        assertEquals("templates/x.ftlh", e.file());
        assertTrue(e.line() >= 3, e.getMessage());
    }
}
