package rapport.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import rapport.content.LintIssue;
import rapport.content.Piece;
import rapport.render.LintReport;

/** {@code rapport templates}: the catalog and its lint. */
@Command(name = "templates", mixinStandardHelpOptions = true, description = "List the content pieces, or lint them.",
        subcommands = {TemplatesCommand.ListPieces.class, TemplatesCommand.Lint.class})
final class TemplatesCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every piece with its audience.")
    static final class ListPieces implements Callable<Integer> {
        @Mixin CommonOptions common;

        @Override
        public Integer call() {
            try (Workspace ws = common.open()) {
                List<Piece> pieces = ws.catalog().pieces();
                LintReport lint = ws.lint(ws.clock().instant());
                if (common.json) {
                    Json.print(common.out(), pieces.stream().map(p -> json(p, lint)).toList());
                    return 0;
                }
                var out = common.out();
                out.printf("%-26s %-9s %-4s %-11s %-34s %s%n", "PIECE", "KIND", "PRIO", "REPEAT", "STAGES", "INTERESTS / WINDOW / LINT");
                for (Piece p : pieces) {
                    StringBuilder extra = new StringBuilder(p.interests().isEmpty() ? "anyone" : String.join(", ", p.interests()));
                    if (p.validFrom() != null || p.validUntil() != null) {
                        extra.append("; ").append(p.validFrom() == null ? "…" : p.validFrom()).append("..")
                                .append(p.validUntil() == null ? "…" : p.validUntil());
                    }
                    if (lint.failures().containsKey(p.id())) extra.append("; FAILS LINT (never sent)");
                    out.printf("%-26s %-9s %-4d %-11s %-34s %s%n", p.id(), p.kind().label(), p.priority(), p.repeat(),
                            String.join(", ", p.stages()), extra);
                }
                long broken = lint.failures().keySet().stream().filter(id -> ws.catalog().piece(id).isEmpty()).count();
                out.printf("%d pieces%s%n", pieces.size(), broken > 0 ? "; " + broken + " more cannot be read (run `rapport templates lint`)" : "");
                out.flush();
                return 0;
            }
        }

        private static Map<String, Object> json(Piece p, LintReport lint) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("template", p.id());
            m.put("file", p.file());
            m.put("kind", p.kind().label());
            m.put("stages", p.stages());
            m.put("interests", p.interests());
            m.put("priority", p.priority());
            m.put("repeat", p.repeat().toString());
            m.put("valid_from", p.validFrom() == null ? null : p.validFrom().toString());
            m.put("valid_until", p.validUntil() == null ? null : p.validUntil().toString());
            m.put("text_twin", p.textTwin().orElse(null));
            m.put("lint_ok", !lint.failures().containsKey(p.id()));
            return m;
        }
    }

    @Command(name = "lint", mixinStandardHelpOptions = true,
            description = "Check every piece; errors and warnings as file:line: message. Exits 2 when there are errors.")
    static final class Lint implements Callable<Integer> {
        @Mixin CommonOptions common;

        @Override
        public Integer call() {
            try (Workspace ws = common.open()) {
                LintReport report = ws.lint(ws.clock().instant());
                if (common.json) {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("errors", report.errors());
                    out.put("warnings", report.warnings());
                    out.put("issues", report.issues().stream().map(i -> Map.of("file", i.file(), "line", i.line(),
                            "severity", i.isError() ? "error" : "warning", "message", i.message())).toList());
                    Json.print(common.out(), out);
                } else {
                    for (LintIssue issue : report.issues()) common.out().println(issue);
                    common.out().printf("%d pieces checked: %d errors, %d warnings%n", ws.catalog().pieces().size()
                            + report.failures().keySet().stream().filter(id -> ws.catalog().piece(id).isEmpty()).count(),
                            report.errors(), report.warnings());
                    common.out().flush();
                }
                return report.errors() > 0 ? Failures.BAD_INPUT : 0;
            }
        }
    }
}
