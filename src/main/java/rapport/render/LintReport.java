package rapport.render;

import java.util.List;
import java.util.Map;
import rapport.content.LintIssue;

/**
 * Everything lint found, and for each failing piece its first error: those pieces are never
 * eligible. Immutable.
 */
public record LintReport(List<LintIssue> issues, Map<String, String> failures) {
    public long errors() {
        return issues.stream().filter(LintIssue::isError).count();
    }

    public long warnings() {
        return issues.size() - errors();
    }
}
