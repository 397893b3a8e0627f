package rapport.doctor;

import rapport.config.Reasons;
import java.util.ArrayList;
import java.util.List;

/**
 * The findings of one {@code rapport doctor} run, in the order the checks ran, with their tally.
 * Running never stops at a failed check: a check that throws counts as a problem under its own
 * name, and the others still run. Immutable once made.
 */
public record Checkup(List<Finding> findings) {
    public Checkup {
        findings = List.copyOf(findings);
    }

    /** Runs every check in order, each on its own. */
    public static Checkup run(List<Check> checks) {
        List<Finding> findings = new ArrayList<>();
        for (Check check : checks) {
            try {
                findings.addAll(check.run());
            } catch (RuntimeException e) {
                findings.add(Finding.problem(check.name(), "the check could not finish: " + Reasons.of(e),
                        "this is a fault in the doctor itself: report this line; the other lines still stand"));
            }
        }
        return new Checkup(findings);
    }

    public long problems() {
        return count(Status.PROBLEM);
    }

    public long warnings() {
        return count(Status.WARNING);
    }

    private long count(Status status) {
        return findings.stream().filter(f -> f.status() == status).count();
    }
}
