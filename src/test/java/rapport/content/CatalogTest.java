package rapport.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogTest {
    private static final Set<String> STAGES = Set.of("new", "acquaintance", "friend", "partner", "dormant");

    @TempDir Path templates;

    private void write(String name, String text) throws IOException {
        Path file = templates.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    @Test
    void aPieceReadsItsFrontMatterWithDefaults() throws IOException {
        write("tip.ftlh", "<#--\nsubject: \"Hi ${customer.firstName!'there'}\"\nstages: friend\nkind: heads-up\n"
                + "interests: [Pearls, Watches]\n-->\n<p>Hi</p>\n");
        Catalog catalog = Catalog.load(templates, STAGES);
        // The defaults apply, and lint says so: a piece's rank and repeat should be choices someone made.
        assertEquals(List.of(LintIssue.Severity.WARNING, LintIssue.Severity.WARNING),
                catalog.issues().stream().map(LintIssue::severity).toList(), catalog.issues().toString());
        assertEquals(List.of(2, 2), catalog.issues().stream().map(LintIssue::line).toList());
        assertTrue(catalog.issues().get(0).message().startsWith("no priority"), catalog.issues().toString());
        assertTrue(catalog.issues().get(1).message().startsWith("no repeat"), catalog.issues().toString());
        Piece piece = catalog.piece("tip").orElseThrow();
        assertEquals("templates/tip.ftlh", piece.file());
        assertEquals("Hi ${customer.firstName!'there'}", piece.subject());
        assertEquals(2, piece.subjectLine());
        assertEquals(List.of("friend"), piece.stages());
        assertEquals(Kind.HEADS_UP, piece.kind());
        assertEquals(List.of("pearls", "watches"), piece.interests());
        assertEquals(50, piece.priority());
        assertEquals(new Repeat.Never(), piece.repeat());
        assertEquals(Optional.empty(), piece.from());
        assertEquals(Optional.empty(), piece.textTwin());
    }

    @Test
    void windowsAndRepeatAreRead() throws IOException {
        write("holiday.ftlh", "<#--\nsubject: \"Hi ${customer.firstName!'there'}\"\nstages: [friend]\nkind: tip\npriority: 70\n"
                + "repeat: after 90d\nvalid_from: 2026-12-01\nvalid_until: 2026-12-24\n-->\n<p>Hi</p>\n");
        Piece piece = Catalog.load(templates, STAGES).piece("holiday").orElseThrow();
        assertEquals(70, piece.priority());
        assertEquals(new Repeat.After(90), piece.repeat());
        assertEquals(Optional.of(LocalDate.parse("2026-12-01")), piece.from());
        assertEquals(Optional.of(LocalDate.parse("2026-12-24")), piece.until());
    }

    @Test
    void linesCountFromTheFileEvenAfterABomBlankLinesAndCrlf() throws IOException {
        write("x.ftlh", "\uFEFF\r\n\r\n<#--\r\nsubject: \"Hi ${customer.firstName!'there'}\"\r\nstages: [friend]\r\nkind: tip\r\n"
                + "priority: high\r\n-->\r\n<p>Hi</p>\r\n");
        Catalog catalog = Catalog.load(templates, STAGES);
        assertEquals(List.of(LintIssue.error("templates/x.ftlh", 7, "priority must be a whole number, got \"high\"")), catalog.issues());
        assertTrue(catalog.pieces().isEmpty());
    }

    @Test
    void theSubjectLineIsFoundWhenTheCommentOpensFurtherDown() throws IOException {
        write("x.ftlh", "\n\n<#--\nsubject: \"Hi ${customer.firstName!'there'}\"\nstages: [friend]\nkind: tip\n-->\n<p>Hi</p>\n");
        assertEquals(4, Catalog.load(templates, STAGES).piece("x").orElseThrow().subjectLine());
    }

    @Test
    void everyFrontMatterErrorIsReportedNotOnlyTheFirst() throws IOException {
        write("x.ftlh", "<#--\nsubject: \"\"\nstages: [nobody]\nkind: promo\nrepeat: often\npriority: 1\npriority: 2\n-->\n<p>Hi</p>\n");
        List<Integer> lines = Catalog.load(templates, STAGES).issues().stream().map(LintIssue::line).sorted().toList();
        assertEquals(List.of(2, 3, 4, 5, 7), lines);
    }

    @Test
    void missingRequiredKeysAreErrors() throws IOException {
        write("x.ftlh", "<#--\npriority: 10\n-->\n<p>Hi</p>\n");
        List<LintIssue> issues = Catalog.load(templates, STAGES).issues();
        assertEquals(3, issues.size(), issues.toString());
        assertTrue(issues.stream().allMatch(i -> i.isError() && i.line() == 2), issues.toString());
    }

    @Test
    void anUnclosedFrontMatterCommentIsAnError() throws IOException {
        write("x.ftlh", "<p>intro</p>\n");
        write("y.ftlh", "\n<#--\nsubject: x\n");
        List<LintIssue> issues = Catalog.load(templates, STAGES).issues();
        assertEquals(List.of("templates/x.ftlh:1", "templates/y.ftlh:2"), issues.stream().map(i -> i.file() + ":" + i.line()).toList());
    }

    @Test
    void piecesInSubfoldersKeepTheirPathAsIdAndTheirTwin() throws IOException {
        write("seasonal/holiday.ftlh", "<#--\nsubject: \"Hi ${customer.firstName!'there'}\"\nstages: [friend]\nkind: tip\n"
                + "priority: 60\nrepeat: never\n-->\n<p>Hi</p>\n");
        write("seasonal/holiday.txt.ftl", "Hi\n");
        write("_partials/sign.ftlh", "<#macro sign>Pano</#macro>\n");
        write("_layout.ftlh", "<#macro page><#nested></#macro>\n");
        write("notes.md", "not a template\n");
        Catalog catalog = Catalog.load(templates, STAGES);
        assertEquals(List.of(), catalog.issues());
        assertEquals(List.of("seasonal/holiday"), catalog.pieces().stream().map(Piece::id).toList());
        assertEquals(Optional.of("seasonal/holiday.txt.ftl"), catalog.pieces().get(0).textTwin());
    }

    @Test
    void aMissingTemplatesFolderIsAnEmptyCatalog() {
        Catalog catalog = Catalog.load(templates.resolve("absent"), STAGES);
        assertTrue(catalog.pieces().isEmpty());
        assertTrue(catalog.issues().isEmpty());
    }

    @Test
    void repeatAcceptsNeverAndAPositiveNumberOfDaysOnly() {
        assertEquals(Optional.of(new Repeat.Never()), Repeat.parse(" never "));
        assertEquals(Optional.of(new Repeat.After(90)), Repeat.parse("after 90d"));
        assertEquals(Optional.of(new Repeat.After(30)), Repeat.parse("after 30 d"));
        assertEquals(Optional.empty(), Repeat.parse("after 0d"));
        assertEquals(Optional.empty(), Repeat.parse("after -5d"));
        assertEquals(Optional.empty(), Repeat.parse("sometimes"));
        assertEquals(Optional.empty(), Repeat.parse("after 90"));
    }
}
