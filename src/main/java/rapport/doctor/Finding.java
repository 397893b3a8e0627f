package rapport.doctor;

import java.util.Objects;
import java.util.Optional;

/**
 * One line of {@code rapport doctor}: what was checked ({@code name}, such as {@code smtp} or
 * {@code spf}), how it stands, what was found, and for a warning or a problem how to fix it in
 * one line. Immutable.
 */
public record Finding(String name, Status status, String detail, Optional<String> fix) {
    public Finding {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(detail, "detail");
        if (status != Status.OK && fix.isEmpty()) throw new IllegalArgumentException("a " + status.word() + " says how to fix it");
    }

    public static Finding ok(String name, String detail) {
        return new Finding(name, Status.OK, detail, Optional.empty());
    }

    public static Finding warning(String name, String detail, String fix) {
        return new Finding(name, Status.WARNING, detail, Optional.of(fix));
    }

    public static Finding problem(String name, String detail, String fix) {
        return new Finding(name, Status.PROBLEM, detail, Optional.of(fix));
    }
}
