package rapport.doctor;

import java.util.List;

/**
 * One thing {@code rapport doctor} looks at. A check reports its findings as values, never by
 * throwing for what it found: an unreachable server is a problem finding. It may report several
 * lines (the rates report complaints and bounces) or none (nothing to say when what it reads
 * could not be reached, which another line already names). Implementations bound every wait;
 * they are run one after another, from one thread, and need not be thread-safe.
 */
public interface Check {
    /** The name its findings carry, also used when the check itself fails unexpectedly. */
    String name();

    List<Finding> run();
}
