package rapport.render;

import freemarker.template.TemplateHashModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import rapport.config.RapportConfig;
import rapport.content.Catalog;
import rapport.content.LintIssue;
import rapport.content.Piece;

/**
 * Checks every piece the way it will be used: renders it for a full and a sparse stand-in
 * customer through the real sandboxed engine, and reads its source for what rendering cannot
 * show. The full stand-in refuses any name outside the data model, even one with a default, so
 * a misspelling fails at its line instead of quietly printing the default to everyone. Errors keep a piece out of every send; warnings do not. Thread-safe.
 */
public final class Linter {
    static final int MAX_SUBJECT = 78;
    // Built-ins may come between the value and ?no_esc: customer.firstName?cap_first?no_esc.
    private static final Pattern NO_ESC_ON_CUSTOMER = Pattern.compile("customer[\\w.\\[\\]'\"!()?]*\\?no_esc");
    private static final Pattern ESCAPING_OFF = Pattern.compile("<#(noautoesc|outputformat\\s+[\"']plainText)");
    private static final Pattern SHOUTED_WORD = Pattern.compile("\\b\\p{Lu}{4,}\\b");

    private final TemplateEngine engine;
    private final RapportConfig.Sender sender;
    private final Invitations invitations;

    /** A linter for a shop that gives no invitation links. */
    public Linter(TemplateEngine engine, RapportConfig.Sender sender) {
        this(engine, sender, Invitations.NONE);
    }

    public Linter(TemplateEngine engine, RapportConfig.Sender sender, Invitations invitations) {
        this.engine = engine;
        this.sender = sender;
        this.invitations = invitations;
    }

    public LintReport lint(Catalog catalog, Instant now) {
        return lint(catalog, now, true);
    }

    /**
     * What keeps each failing piece out of a send, and only that: the checks whose every finding
     * is a warning (the sparse stand-in, the subject's length and capitals) are not run: planning
     * needs no more, and every command that plans pays for each render a lint makes.
     */
    public Map<String, String> failures(Catalog catalog, Instant now) {
        return lint(catalog, now, false).failures();
    }

    private LintReport lint(Catalog catalog, Instant now, boolean warnings) {
        List<LintIssue> issues = new ArrayList<>(catalog.issues());
        Map<String, String> failures = new LinkedHashMap<>();
        for (LintIssue issue : catalog.issues()) {
            if (issue.isError()) failures.putIfAbsent(idOf(issue.file()), issue.file() + ":" + issue.line() + ": " + issue.message());
        }
        for (Piece piece : catalog.pieces()) {
            List<LintIssue> found = lint(catalog, piece, now, warnings);
            // A broken layout fails every piece that imports it: report it once.
            found.stream().filter(issue -> !issues.contains(issue)).forEach(issues::add);
            found.stream().filter(LintIssue::isError).findFirst()
                    .ifPresent(e -> failures.put(piece.id(), e.file() + ":" + e.line() + ": " + e.message()));
        }
        // The join confirmation note is no piece: it keeps nothing out of a send, so only a full lint reads it.
        if (warnings) ConfirmLint.check(engine, catalog.root(), sender, now, issues);
        return new LintReport(List.copyOf(issues), Map.copyOf(failures));
    }

    private List<LintIssue> lint(Catalog catalog, Piece piece, Instant now, boolean warnings) {
        List<LintIssue> issues = new ArrayList<>();
        LintModel stand = new LintModel();
        TemplateHashModel full = stand.full(piece, sender, now);
        String subject = render(issues, () -> engine.renderSubject(piece, full));
        String html = render(issues, () -> engine.render(piece.id() + Catalog.PIECE_SUFFIX, full));
        piece.textTwin().ifPresent(twin -> render(issues, () -> engine.render(twin, full)));
        if (!issues.isEmpty()) return issues;
        List<String> uninvited = stand.referralRead() ? invitations.without(ladderStages(piece)) : List.of();
        if (!uninvited.isEmpty()) checkReferral(piece, uninvited, now, issues);
        if (!stand.customerRead()) {
            issues.add(LintIssue.error(piece.file(), 1, "uses no customer data at all: that is a blast; "
                    + "greet them by name or speak to their interests"));
        }
        if (warnings) checkSubject(piece, subject, issues);
        checkSource(catalog, piece, issues, warnings);
        if (warnings) {
            Map<String, Object> sparse = new LintModel().sparse(piece, sender, now);
            sparseCheck(issues, () -> engine.renderSubject(piece, sparse));
            sparseCheck(issues, () -> engine.render(piece.id() + Catalog.PIECE_SUFFIX, sparse));
            piece.textTwin().ifPresent(twin -> sparseCheck(issues, () -> engine.render(twin, sparse)));
        }
        if (html != null && html.isBlank()) issues.add(LintIssue.error(piece.file(), 1, "renders to an empty body"));
        if (warnings && html != null) checkOwnFooter(piece, html, issues);
        return issues;
    }

    /**
     * A piece that passes on {@code links.referral} while some of its stages get no invitation
     * link: for those customers it fails (an error, so it never goes out half made), or, with a
     * default, prints the default where the invitation should be (a warning).
     */
    private void checkReferral(Piece piece, List<String> uninvited, Instant now, List<LintIssue> issues) {
        String who = "customers at " + String.join(", ", uninvited) + " get no invitation link ("
                + (invitations.open() ? "referrals.stages: " + (invitations.stages().isEmpty() ? "none"
                : String.join(", ", invitations.stages().stream().sorted().toList())) : "signup.enabled is false") + ")";
        TemplateHashModel without = new LintModel().full(piece, sender, now, false);
        List<LintIssue> failed = new ArrayList<>();
        render(failed, () -> engine.render(piece.id() + Catalog.PIECE_SUFFIX, without));
        render(failed, () -> engine.renderSubject(piece, without));
        piece.textTwin().ifPresent(twin -> render(failed, () -> engine.render(twin, without)));
        if (!failed.isEmpty()) {
            LintIssue first = failed.get(0);
            issues.add(LintIssue.error(first.file(), first.line(), "uses links.referral, but " + who
                    + ": give the piece only stages that invite friends"));
        } else {
            issues.add(LintIssue.warning(piece.file(), 1, "uses links.referral with a default, but " + who
                    + ": they see the default instead of an invitation"));
        }
    }

    /** The rungs of the ladder a piece is for: dormant customers keep their rung, so it says nothing of the link. */
    private static List<String> ladderStages(Piece piece) {
        return piece.stages().stream().filter(stage -> !stage.equals("dormant")).toList();
    }

    /**
     * A piece (or its layout) that places the way out itself gets no standard footer, so it must
     * ask "Was this useful?" itself, or its readers cannot say and the choice cannot learn from them.
     */
    private void checkOwnFooter(Piece piece, String html, List<LintIssue> issues) {
        if (Footer.needed(html, sender, LintModel.SAMPLE_UNSUBSCRIBE)) return;
        List<String> missing = new ArrayList<>();
        for (String name : List.of("useful", "notForMe", "preferences")) {
            if (!html.contains((String) LintModel.SAMPLE_LINKS.get(name))) missing.add("links." + name);
        }
        if (!missing.isEmpty()) {
            issues.add(LintIssue.warning(piece.file(), 1, "places its own footer without " + String.join(", ", missing)
                    + ": readers cannot say whether it was useful or choose what they hear about"));
        }
    }

    private static void checkSubject(Piece piece, String subject, List<LintIssue> issues) {
        if (subject == null) return;
        if (subject.length() > MAX_SUBJECT) {
            issues.add(LintIssue.warning(piece.file(), piece.subjectLine(), "subject is " + subject.length()
                    + " characters for a typical name (keep it within " + MAX_SUBJECT + "): \"" + subject + "\""));
        }
        long letters = subject.chars().filter(Character::isLetter).count();
        boolean allCaps = letters >= 4 && subject.chars().noneMatch(Character::isLowerCase);
        Matcher shouted = SHOUTED_WORD.matcher(subject);
        if (allCaps) {
            issues.add(LintIssue.warning(piece.file(), piece.subjectLine(), "subject is in capitals: write it as you would speak it"));
        } else if (shouted.find()) {
            issues.add(LintIssue.warning(piece.file(), piece.subjectLine(), "subject shouts \"" + shouted.group() + "\": write it as you would speak it"));
        }
    }

    /**
     * Line by line: unescaped customer data, which would let a customer's own name inject HTML
     * into their email; and, as warnings, phrases spam filters punish.
     */
    private static void checkSource(Catalog catalog, Piece piece, List<LintIssue> issues, boolean warnings) {
        String source;
        try {
            source = Files.readString(catalog.root().resolve(piece.id() + Catalog.PIECE_SUFFIX), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (ESCAPING_OFF.matcher(lines[i]).find()) {
                issues.add(LintIssue.warning(piece.file(), i + 1, "HTML escaping is switched off here: keep customer data out of this block"));
            }
            if (NO_ESC_ON_CUSTOMER.matcher(lines[i]).find()) {
                issues.add(LintIssue.error(piece.file(), i + 1, "?no_esc on customer data: their own text would be inserted as raw HTML"));
            }
            if (warnings) {
                int line = i + 1;
                SpamPhrases.check(lines[i]).ifPresent(w -> issues.add(LintIssue.warning(piece.file(), line, w)));
            }
        }
    }

    private interface Render {
        String run() throws RenderException;
    }

    private static String render(List<LintIssue> issues, Render render) {
        try {
            return render.run();
        } catch (RenderException e) {
            issues.add(LintIssue.error(e.file(), e.line(), e.reason()));
            return null;
        }
    }

    /** What the full stand-in has but some customers lack must have a default. */
    private static void sparseCheck(List<LintIssue> issues, Render render) {
        try {
            render.run();
        } catch (RenderException e) {
            issues.add(LintIssue.warning(e.file(), e.line(), "some customers lack this: " + e.reason()));
        }
    }

    private static String idOf(String file) {
        String name = file.startsWith("templates/") ? file.substring("templates/".length()) : file;
        return name.endsWith(Catalog.PIECE_SUFFIX) ? name.substring(0, name.length() - Catalog.PIECE_SUFFIX.length()) : name;
    }
}
