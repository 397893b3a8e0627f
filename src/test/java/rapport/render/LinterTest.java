package rapport.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rapport.render.RenderFixtures.NOW;
import static rapport.render.RenderFixtures.STAGES;
import static rapport.render.RenderFixtures.ZONE;
import static rapport.render.RenderFixtures.write;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rapport.content.Catalog;
import rapport.content.LintIssue;
import rapport.content.LintIssue.Severity;
import rapport.content.Piece;

class LinterTest {
    private static final String BODY = "<p>Hi ${customer.firstName!\"there\"},</p>\n<p>Keep pearls out of the closet.</p>\n";

    @TempDir Path workspace;
    private Path templates;

    @BeforeEach
    void workspace() {
        templates = RenderFixtures.templates(workspace);
    }

    /** A piece whose front matter lines (after {@code <#--} on line 1) are given; the body follows the closing line. */
    private void piece(String name, String frontMatter, String body) {
        write(templates, name + ".ftlh", "<#--\n" + frontMatter + "-->\n" + body);
    }

    /** Front matter with {@code extra} lines after the kind, then priority and repeat unless {@code extra} gives them. */
    private static String front(String subject, String extra) {
        return "subject: \"" + subject + "\"\nstages: [acquaintance, friend]\nkind: tip\n" + extra
                + (extra.contains("priority:") ? "" : "priority: 60\n") + (extra.contains("repeat:") ? "" : "repeat: never\n");
    }

    private LintReport lint() {
        return lint(Invitations.NONE);
    }

    private LintReport lint(Invitations invitations) {
        Catalog catalog = Catalog.load(templates, STAGES);
        Linter linter = new Linter(new TemplateEngine(templates, ZONE), RenderFixtures.config(workspace).sender(), invitations);
        return linter.lint(catalog, NOW);
    }

    /** The only issue lint reports, checked for file, line and severity. */
    private LintIssue only(String file, int line, Severity severity) {
        List<LintIssue> issues = lint().issues();
        assertEquals(1, issues.size(), issues.toString());
        LintIssue issue = issues.get(0);
        assertEquals(file, issue.file(), issue.toString());
        assertEquals(line, issue.line(), issue.toString());
        assertEquals(severity, issue.severity(), issue.toString());
        return issue;
    }

    @Test
    void aCleanPieceHasNoIssues() {
        piece("pearl-care", front("${customer.firstName!'Hello'}, three ways to keep pearls lustrous", "priority: 60\nrepeat: after 90d\n"), BODY);
        LintReport report = lint();
        assertEquals(List.of(), report.issues());
        assertTrue(report.failures().isEmpty());
    }

    @Test
    void namesTheProductContractGivesTemplatesAreNeverTakenForTypos() {
        piece("invite", front("${customer.firstName!'Hello'}, bring a friend", ""),
                "<p>Hi ${customer.firstName!\"there\"}${customer.referredBy!\"\"}${customer.referrals!0}</p>\n"
                        + "<p><a href=\"${links.referral!links.unsubscribe}\">Invite</a> <a href=\"${links.preferences!\"\"}\">Choose</a>"
                        + " ${links.useful!\"\"}${links.notForMe!\"\"}</p>\n");
        assertTrue(lint().failures().isEmpty(), lint().issues().toString());
    }

    @Test
    void aPieceThatPassesOnTheInvitationForStagesThatGetNoneFailsAndNamesThem() {
        Invitations friends = new Invitations(true, java.util.Set.of("friend"));
        String body = BODY + "<p><a href=\"${links.referral}\">Bring a friend</a></p>\n";
        piece("bring-a-friend", front("${customer.firstName!'Hello'}, bring a friend", ""), body);
        List<LintIssue> issues = lint(friends).issues();
        assertEquals(1, issues.size(), issues.toString());
        assertEquals(Severity.ERROR, issues.get(0).severity());
        assertTrue(issues.get(0).message().contains("uses links.referral, but customers at acquaintance get no invitation link"
                + " (referrals.stages: friend)"), issues.get(0).message());
        assertTrue(lint(friends).failures().containsKey("bring-a-friend"), "it never goes out half made");

        piece("bring-a-friend", front("${customer.firstName!'Hello'}, bring a friend", "").replace("[acquaintance, friend]", "[friend]"), body);
        assertEquals(List.of(), lint(friends).issues(), "only stages that invite: clean");
        assertTrue(lint(Invitations.NONE).issues().get(0).message().contains("signup.enabled is false"), "no join page, no link");

        piece("bring-a-friend", front("${customer.firstName!'Hello'}, bring a friend", ""),
                BODY + "<#if links.referral??><p><a href=\"${links.referral}\">Bring a friend</a></p></#if>\n");
        LintIssue warned = only("templates/bring-a-friend.ftlh", 1, Severity.WARNING);
        assertTrue(warned.message().contains("with a default"), warned.message());
    }

    @Test
    void aPieceThatPlacesItsOwnFooterWithoutAskingWhetherItWasUsefulIsWarnedAndStillSends() {
        piece("own-footer", front("${customer.firstName!'Hello'}, rings in the cold", ""), BODY
                + "<p>${sender.postalAddress} <a href=\"${links.unsubscribe}\">No more notes</a></p>\n");
        LintIssue issue = only("templates/own-footer.ftlh", 1, Severity.WARNING);
        assertTrue(issue.message().contains("links.useful, links.notForMe, links.preferences"), issue.message());
        assertTrue(lint().failures().isEmpty());

        piece("own-footer", front("${customer.firstName!'Hello'}, rings in the cold", ""), BODY
                + "<p>Was this useful? <a href=\"${links.useful}\">Yes</a> <a href=\"${links.notForMe}\">Not for me</a></p>\n"
                + "<p>${sender.postalAddress} <a href=\"${links.preferences}\">Preferences</a>"
                + " <a href=\"${links.unsubscribe}\">No more notes</a></p>\n");
        assertEquals(List.of(), lint().issues());
    }

    @Test
    void aPhraseSpamFiltersPunishIsAWarningAtItsLineAndThePieceStillSends() {
        piece("winter", front("${customer.firstName!'Hello'}, rings in the cold", ""),
                "<p>Hi ${customer.firstName!\"there\"},</p>\n<p>Worried you have lost weight? Fingers shrink in the cold.</p>\n");
        LintIssue issue = only("templates/winter.ftlh", 9, Severity.WARNING);
        assertTrue(issue.message().startsWith("spam filters punish \"lost weight\""), issue.message());
        assertTrue(lint().failures().isEmpty(), "a warning never keeps a piece out of a send");
    }

    @Test
    void theSampleWorkspaceLintsWithoutErrors() throws Exception {
        try (var files = Files.list(Path.of("templates"))) {
            for (Path file : files.toList()) Files.copy(file, templates.resolve(file.getFileName().toString()));
        }
        LintReport report = lint();
        assertEquals(0, report.errors(), report.issues().toString());
        assertTrue(report.failures().isEmpty(), report.failures().toString());
        assertTrue(report.issues().stream().noneMatch(i -> i.message().startsWith("spam filters")), report.issues().toString());
        assertTrue(Catalog.load(templates, STAGES).pieces().size() >= 10);
    }

    @Test
    void invalidYamlInTheFrontMatterNamesItsLineInsideTheComment() {
        piece("x", "subject: \"Hi ${customer.firstName!'there'}\"\nstages: [acquaintance]\nkind: tip: extra\n", BODY);
        assertTrue(only("templates/x.ftlh", 4, Severity.ERROR).message().contains("not valid YAML"));
    }

    @Test
    void aPieceWithoutFrontMatterIsAnError() {
        write(templates, "x.ftlh", "<p>Hi ${customer.firstName!\"there\"}</p>\n");
        assertTrue(only("templates/x.ftlh", 1, Severity.ERROR).message().contains("front matter"));
    }

    @Test
    void anUnknownKeyIsAnErrorOnItsLine() {
        piece("x", front("Hi ${customer.firstName!'there'}", "colour: red\n"), BODY);
        assertTrue(only("templates/x.ftlh", 5, Severity.ERROR).message().contains("colour"));
    }

    @Test
    void anUnknownStageIsAnErrorOnItsLine() {
        piece("x", "subject: \"Hi ${customer.firstName!'there'}\"\nstages: [aquaintance]\nkind: tip\n", BODY);
        assertTrue(only("templates/x.ftlh", 3, Severity.ERROR).message().contains("aquaintance"));
    }

    @Test
    void anUnknownKindIsAnErrorOnItsLine() {
        piece("x", "subject: \"Hi ${customer.firstName!'there'}\"\nstages: [friend]\nkind: promo\n", BODY);
        assertTrue(only("templates/x.ftlh", 4, Severity.ERROR).message().contains("promo"));
    }

    @Test
    void aBadRepeatIsAnErrorOnItsLine() {
        piece("x", front("Hi ${customer.firstName!'there'}", "repeat: sometimes\n"), BODY);
        assertTrue(only("templates/x.ftlh", 5, Severity.ERROR).message().contains("repeat"));
    }

    @Test
    void aBadDateIsAnErrorOnItsLine() {
        piece("x", front("Hi ${customer.firstName!'there'}", "priority: 10\nvalid_from: 2026-13-01\n"), BODY);
        assertTrue(only("templates/x.ftlh", 6, Severity.ERROR).message().contains("valid_from"));
    }

    @Test
    void validUntilBeforeValidFromIsAnErrorOnTheValidUntilLine() {
        piece("x", front("Hi ${customer.firstName!'there'}", "valid_from: 2026-12-01\nvalid_until: 2026-11-24\n"), BODY);
        assertTrue(only("templates/x.ftlh", 6, Severity.ERROR).message().contains("before"));
    }

    @Test
    void aFreemarkerSyntaxErrorNamesItsLine() {
        piece("x", front("Hi ${customer.firstName!'there'}", ""), "<p>Hi ${customer.firstName!\"there\"},</p>\n<p>${customer.firstName + }</p>\n");
        assertTrue(only("templates/x.ftlh", 9, Severity.ERROR).message().contains("syntax error"));
    }

    @Test
    void aReferenceToDataTheModelLacksIsAnError() {
        piece("x", front("Hi ${customer.firstName!'there'}", ""), BODY + "<p>In ${customer.favouriteColour}.</p>\n");
        LintIssue issue = only("templates/x.ftlh", 10, Severity.ERROR);
        assertTrue(issue.message().contains("customer.favouriteColour"), issue.message());
        assertTrue(issue.message().contains("does not have"), issue.message());
    }

    @Test
    void aMisspelledNameIsAnErrorAtItsLineEvenWithADefault() {
        // Each form that lets FreeMarker print a default instead of failing; the name is on line 10.
        List<String> hidden = List.of("${customer.fistName!\"there\"}", "${customer.fistName!}", "${customer.fistName???c}",
                "${customer.fistName?has_content?c}", "${customer.fistName?default(\"there\")}",
                "<#if customer.fistName??>x</#if>", "${(customer.fistName)!\"there\"}", "<#if\n  customer.fistName??>x</#if>");
        for (String use : hidden) {
            piece("x", front("Hi ${customer.firstName!'there'}", ""), BODY + use + "\n");
            LintIssue issue = only("templates/x.ftlh", 10, Severity.ERROR);
            assertTrue(issue.message().contains("customer.fistName; did you mean \"firstName\"?"), use + ": " + issue.message());
            assertTrue(lint().failures().containsKey("x"), use);
        }
    }

    @Test
    void anUnknownNameWithNothingCloseIsAnErrorWithoutAGuess() {
        piece("x", front("Hi ${customer.firstName!'there'}", ""), BODY + "<p>${customer.nickname!\"there\"}</p>\n");
        LintIssue issue = only("templates/x.ftlh", 10, Severity.ERROR);
        assertEquals("refers to data the model does not have: customer.nickname", issue.message());
    }

    @Test
    void unknownNamesAreCaughtInEveryHashAndTheSubject() {
        piece("x", front("Hi ${customer.firstName!'there'}", ""), BODY + "${(sender.nam)!}\n");
        assertTrue(only("templates/x.ftlh", 10, Severity.ERROR).message().contains("sender.nam; did you mean \"name\"?"));
        piece("x", front("Hi ${customer.firstName!'there'}", ""), BODY + "<a href=\"${links.unsubscribes!}\">x</a>\n");
        assertTrue(only("templates/x.ftlh", 10, Severity.ERROR).message().contains("links.unsubscribes"));
        piece("x", front("Hi ${customer.firstName!'there'}", ""), BODY + "${(custmer.firstName)!}\n");
        assertTrue(only("templates/x.ftlh", 10, Severity.ERROR).message().contains("custmer (nor does the template set it); did you mean \"customer\"?"));
        piece("x", front("Hi ${customer.fistName!'there'}", ""), BODY);
        assertTrue(only("templates/x.ftlh", 2, Severity.ERROR).message().contains("customer.fistName"));
    }

    @Test
    void attributesTemplateVariablesAndFreemarkersOwnDirectivesAreNotUnknownNames() {
        piece("x", front("Hi ${customer.firstName!'there'}", ""), BODY + "<#assign tone = \"warm\">${tone!}"
                + "<#if (customer.attributes.ring_size)?has_content>${customer.attributes.ring_size}</#if>"
                + "<@compress single_line=true>${customer.attributes.anything!}</@compress>\n");
        assertEquals(List.of(), lint().issues());
    }

    @Test
    void theLintStandInOffersEveryNameOfTheRealModelAndNoOther() throws Exception {
        piece("x", front("Hi ${customer.firstName!'there'}", ""), BODY);
        Piece piece = Catalog.load(templates, STAGES).piece("x").orElseThrow();
        var root = new LintModel().full(piece, RenderFixtures.config(workspace).sender(), NOW);
        var customer = (freemarker.template.TemplateHashModel) root.get("customer");
        for (String name : Model.CUSTOMER) assertTrue(customer.get(name) != null, name);
        var real = Model.customer(RenderFixtures.customer(1, "Ann", "Lee"), NOW, ZONE);
        // Only a customer someone invited has referredBy.
        var names = new java.util.HashSet<>(real.keySet());
        names.add("referredBy");
        assertEquals(Model.CUSTOMER, names);
        assertEquals(Model.SENDER, Model.sender(RenderFixtures.config(workspace).sender()).keySet());
    }

    @Test
    void anUnclosedDirectiveIsReportedAtItsOpeningTagWhereverFreemarkerNoticesIt() {
        // FreeMarker notices at the end of the file, or at the end tag of the block around it (line 13).
        List<String> ends = List.of("<p>Write back.</p>\n", "</#list>\n");
        for (String end : ends) {
            piece("x", front("Hi ${customer.firstName!'there'}", ""), BODY + "<#list customer.interests as i>${i}</#list>\n"
                    + "<#if customer.interests?seq_contains(\"pearls\")>\n<p>Pearls like to be worn.</p>\n" + end);
            LintIssue issue = only("templates/x.ftlh", 11, Severity.ERROR);
            assertTrue(issue.message().contains("<#if> is never closed"), issue.message());
        }
        write(templates, "_layout.ftlh", RenderFixtures.LAYOUT);
        piece("x", front("Hi ${customer.firstName!'there'}", ""), "<#import \"_layout.ftlh\" as layout>\n"
                + "<@layout.page preheader=\"a > b\">\n" + BODY);
        assertTrue(only("templates/x.ftlh", 9, Severity.ERROR).message().contains("<@layout.page> is never closed"));
    }

    @Test
    void aSyntaxErrorSaysWhatWasExpectedInOneFinishedLine() {
        piece("x", front("Hi ${customer.firstName!'there'}", ""), BODY + "<p>${customer.firstName + }</p>\n");
        String message = only("templates/x.ftlh", 10, Severity.ERROR).message();
        assertTrue(message.startsWith("syntax error: Encountered '}', but was expecting one of: a string, a number, a name, "), message);
        assertTrue(!message.contains("\n") && !message.endsWith(":"), message);
    }

    @Test
    void aPieceWithoutPriorityOrRepeatIsSentWithAWarningForEach() {
        piece("x", "subject: \"Hi ${customer.firstName!'there'}\"\nstages: [friend]\nkind: tip\n", BODY);
        LintReport report = lint();
        assertEquals(List.of("templates/x.ftlh:2: warning: no priority: it ranks as 50 among the pieces that fit; write one, e.g. priority: 60",
                "templates/x.ftlh:2: warning: no repeat: each person gets it at most once (repeat: never); write repeat: never or e.g. repeat: after 365d"),
                report.issues().stream().map(LintIssue::toString).toList());
        assertTrue(report.failures().isEmpty());
    }

    @Test
    void aPieceUsingNoCustomerDataIsABlast() {
        piece("x", front("A tip about pearls", ""), "<p>Hello,</p>\n<p>Pearls like moisture.</p>\n");
        assertTrue(only("templates/x.ftlh", 1, Severity.ERROR).message().contains("blast"));
    }

    @Test
    void noEscOnCustomerDataIsAnError() {
        piece("x", front("Hi ${customer.firstName!'there'}", ""), "<p>Hi there,</p>\n<#if customer.firstName??><p>${customer.firstName?no_esc}</p></#if>\n");
        assertTrue(only("templates/x.ftlh", 9, Severity.ERROR).message().contains("no_esc"));
    }

    @Test
    void noEscAfterOtherBuiltInsOnCustomerDataIsAnErrorToo() {
        piece("x", front("Hi ${customer.firstName!'there'}", ""), "<p>Hi there,</p>\n<#if customer.firstName??><p>${customer.firstName?cap_first?no_esc}</p></#if>\n");
        assertTrue(only("templates/x.ftlh", 9, Severity.ERROR).message().contains("no_esc"));
    }

    @Test
    void aSubjectOverSeventyEightCharactersIsAWarning() {
        String subject = "${customer.firstName!'Hello'}, here are some very long thoughts about caring for your pearls in the winter months";
        piece("x", front(subject, ""), BODY);
        assertTrue(only("templates/x.ftlh", 2, Severity.WARNING).message().contains("characters"));
    }

    @Test
    void aSubjectInCapitalsIsAWarning() {
        piece("x", front("${(customer.firstName!'friend')?upper_case}, DON'T MISS THIS", ""), BODY);
        assertTrue(only("templates/x.ftlh", 2, Severity.WARNING).message().contains("capitals"));
    }

    @Test
    void dataSomeCustomersLackWithoutADefaultIsAWarning() {
        piece("x", front("Hi ${customer.firstName!'there'}", ""), "<p>Hi there,</p>\n<p>Dear ${customer.lastName} family,</p>\n");
        LintIssue issue = only("templates/x.ftlh", 9, Severity.WARNING);
        assertTrue(issue.message().contains("customer.lastName"), issue.message());
    }

    @Test
    void aFailingPieceIsListedInFailuresAndAGoodOneIsNot() {
        piece("good", front("Hi ${customer.firstName!'there'}", ""), BODY);
        piece("bad-data", front("Hi ${customer.firstName!'there'}", ""), BODY + "${customer.favouriteColour}\n");
        piece("bad-front", "subject: \"Hi ${customer.firstName!'there'}\"\nstages: [friend]\nkind: promo\n", BODY);
        LintReport report = lint();
        assertEquals(List.of("bad-data", "bad-front"), report.failures().keySet().stream().sorted().toList());
        assertTrue(report.failures().get("bad-data").startsWith("templates/bad-data.ftlh:10: "), report.failures().toString());
        assertTrue(report.failures().get("bad-front").startsWith("templates/bad-front.ftlh:4: "), report.failures().toString());
        assertEquals(2, report.errors());
    }

    @Test
    void partialsAndFilesInUnderscoreFoldersAreNotPieces() {
        piece("x", front("Hi ${customer.firstName!'there'}", ""), "<#import \"_parts/sign.ftlh\" as s><#include \"_hello.ftlh\">\n<@s.sign/>\n");
        write(templates, "_hello.ftlh", "<p>Hi ${customer.firstName!\"there\"},</p>\n");
        write(templates, "_parts/sign.ftlh", "<#macro sign><p>Pano</p></#macro>\n");
        Catalog catalog = Catalog.load(templates, STAGES);
        assertEquals(List.of("x"), catalog.pieces().stream().map(Piece::id).toList());
        assertEquals(List.of(), lint().issues());
    }

    @Test
    void aPlainTextTwinIsAttachedToItsPieceAndLinted() {
        piece("x", front("Hi ${customer.firstName!'there'}", ""), BODY);
        write(templates, "x.txt.ftl", "Hi ${customer.firstName!\"there\"},\n\nYour colour: ${customer.favouriteColour}\n");
        assertEquals(Optional.of("x.txt.ftl"), Catalog.load(templates, STAGES).piece("x").orElseThrow().textTwin());
        LintIssue issue = only("templates/x.txt.ftl", 3, Severity.ERROR);
        assertTrue(issue.message().contains("customer.favouriteColour"), issue.message());
        assertTrue(lint().failures().containsKey("x"));
    }

    @Test
    void aTwinWithoutItsPieceIsAWarning() {
        write(templates, "orphan.txt.ftl", "Hi ${customer.firstName!\"there\"}\n");
        only("templates/orphan.txt.ftl", 1, Severity.WARNING);
    }

    @Test
    void aBrokenLayoutIsReportedOnceAgainstItselfAndFailsEveryPieceUsingIt() {
        write(templates, "_layout.ftlh", "<#macro page>\n<html><body>\n<#if >x</#if>\n<#nested>\n</body></html>\n</#macro>\n");
        String body = "<#import \"_layout.ftlh\" as layout>\n<@layout.page>" + BODY + "</@layout.page>\n";
        piece("a", front("Hi ${customer.firstName!'there'}", ""), body);
        piece("b", front("Hi ${customer.firstName!'there'}", ""), body);
        LintReport report = lint();
        assertEquals(1, report.issues().size(), report.issues().toString());
        LintIssue issue = report.issues().get(0);
        assertEquals("templates/_layout.ftlh", issue.file());
        assertEquals(3, issue.line());
        assertEquals(List.of("a", "b"), report.failures().keySet().stream().sorted().toList());
    }
}
