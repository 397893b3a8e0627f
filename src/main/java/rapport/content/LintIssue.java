package rapport.content;

/** One lint finding, printed as {@code file:line: severity: message}. */
public record LintIssue(String file, int line, Severity severity, String message) {

    public enum Severity { ERROR, WARNING }

    public static LintIssue error(String file, int line, String message) {
        return new LintIssue(file, line, Severity.ERROR, message);
    }

    public static LintIssue warning(String file, int line, String message) {
        return new LintIssue(file, line, Severity.WARNING, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        return file + ":" + Math.max(line, 1) + ": " + (isError() ? "error" : "warning") + ": " + message;
    }
}
