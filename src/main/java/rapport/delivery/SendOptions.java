package rapport.delivery;

import java.time.Duration;

/**
 * How a run behaves: workers (one SMTP connection each), pacing, claim size, retry policy,
 * and the heartbeat by which a killed process's claims are handed back. Immutable.
 *
 * @param limit        at most this many messages in this invocation (0: no limit); the rest stay queued
 * @param maxAttempts  tries of a message that meets temporary (4xx) failures before it counts as failed
 * @param pauseAfter   consecutive connection faults (server down, refusing everyone) that pause the run
 */
public record SendOptions(int workers, double maxPerSecond, int limit, int claimSize, int maxAttempts,
                          Duration firstBackoff, int pauseAfter, Duration heartbeat, Duration staleAfter) {

    public static SendOptions defaults(int workers, double maxPerSecond, int limit) {
        return new SendOptions(workers, maxPerSecond, limit, 100, 4, Duration.ofSeconds(2), 8,
                Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    /** Exponential backoff: first, 2 x first, 4 x first, ... */
    public Duration backoff(int attempt) {
        return firstBackoff.multipliedBy(1L << Math.min(attempt - 1, 10));
    }
}
