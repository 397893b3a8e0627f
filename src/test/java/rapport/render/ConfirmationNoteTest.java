package rapport.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rapport.render.RenderFixtures.NOW;
import static rapport.render.RenderFixtures.STAGES;
import static rapport.render.RenderFixtures.ZONE;
import static rapport.render.RenderFixtures.write;

import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rapport.club.Consent;
import rapport.club.PendingSignup;
import rapport.config.RapportConfig;
import rapport.content.Catalog;
import rapport.content.LintIssue;

/** The join confirmation note: the product's own, the marketer's {@code _confirm.ftlh}, and what lint says of the latter. */
class ConfirmationNoteTest {
    private static final String LINK = "https://news.kosmima.example/confirm/k1.abc.0123456789abcdef0123456789abcdef";

    @TempDir Path workspace;
    private Path templates;
    private RapportConfig config;

    @BeforeEach
    void workspace() {
        templates = RenderFixtures.templates(workspace);
        config = RenderFixtures.config(workspace);
    }

    private static PendingSignup signup(String firstName) {
        return new PendingSignup(42, "zoe@example.com", firstName, List.of("pearls"), new Consent(NOW, "203.0.113.9", "Yes."), null);
    }

    private MimeMessage compose(String firstName) throws Exception {
        return new ConfirmationNote(templates, config.sender(), ZONE).compose(MessageComposer.offlineSession(), signup(firstName), LINK, NOW,
                "kosmima.example");
    }

    private static String part(MimeMessage m, int i) throws Exception {
        return (String) ((MimeMultipart) m.getContent()).getBodyPart(i).getContent();
    }

    @Test
    void theBuiltInNoteGreetsByNameOrWarmlyWithoutAndCarriesTheLinkAndThePostalAddress() throws Exception {
        MimeMessage zoe = compose("Zoë");
        zoe.saveChanges();
        assertEquals("Please confirm: notes from Pano at Kosmima", zoe.getSubject());
        assertEquals("<rapport.confirm.16@kosmima.example>", zoe.getMessageID());
        assertNull(zoe.getHeader("List-Unsubscribe"));
        assertTrue(part(zoe, 1).contains("Hi Zoë,") && part(zoe, 1).contains(LINK), part(zoe, 1));
        assertTrue(part(zoe, 0).contains(LINK) && part(zoe, 0).contains(config.sender().postalAddress()), part(zoe, 0));
        assertTrue(part(compose(null), 1).contains("Hi there,"));
    }

    @Test
    void theMarketersOwnNoteReplacesTheBuiltInOneWithItsSubjectAndGetsThePostalAddressAdded() throws Exception {
        write(templates, "_confirm.ftlh", """
                <#--
                subject: "One click and you're in, from ${sender.name}"
                -->
                <p>${signup.firstName!"Friend"}, <a href="${links.confirm}">confirm here</a>.</p>
                """);
        MimeMessage m = compose(null);
        assertEquals("One click and you're in, from Pano at Kosmima", m.getSubject());
        assertTrue(part(m, 1).contains("Friend, <a href=\"" + LINK + "\">confirm here</a>"), part(m, 1));
        assertTrue(part(m, 1).contains(config.sender().postalAddress()), "added when the template does not show it");
    }

    @Test
    void lintSaysWhenTheMarketersNoteHasNoConfirmLinkOrNeedsANameEverySignupMayLack() {
        write(templates, "_confirm.ftlh", "<p>Hi ${signup.firstName}, welcome!</p>\n");
        List<LintIssue> issues = lint();
        assertEquals(1, issues.size(), issues.toString());
        assertTrue(issues.get(0).isError() && issues.get(0).file().equals("templates/_confirm.ftlh"), issues.toString());
        assertTrue(issues.get(0).message().contains("signup.firstName"), issues.toString());

        write(templates, "_confirm.ftlh", "<p>Hi ${signup.firstName!\"there\"}, welcome!</p>\n");
        issues = lint();
        assertEquals(1, issues.size(), issues.toString());
        assertTrue(issues.get(0).message().contains("links.confirm"), issues.toString());

        write(templates, "_confirm.ftlh", "<p>Hi ${signup.firstName!\"there\"}, <a href=\"${links.confirm}\">confirm</a></p>\n");
        assertEquals(List.of(), lint());
    }

    private List<LintIssue> lint() {
        // A fresh engine each time: the real one parses a template once per command.
        return new Linter(new TemplateEngine(templates, ZONE), config.sender()).lint(Catalog.load(templates, STAGES), NOW).issues();
    }
}
