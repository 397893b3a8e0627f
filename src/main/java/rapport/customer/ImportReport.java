package rapport.customer;

import java.util.List;

/** The outcome of an import: counts, and every rejected row with its line and reason. */
public record ImportReport(int imported, int updated, List<Rejection> rejected, boolean dryRun) {

    /** A row that was skipped; {@code line} is where the row starts in the file. */
    public record Rejection(long line, String reason) {}
}
