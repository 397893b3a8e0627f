package rapport.tracking;

/**
 * Whether the database behind the tracking endpoints answers, as {@code GET /health} reports it.
 * Called on a request thread, once per health request; implementations must be thread-safe and
 * should return quickly (a short validation query, not a full round of checks). An exception
 * counts as "unreachable".
 */
@FunctionalInterface
public interface HealthCheck {
    boolean databaseAnswers();
}
