package rapport.delivery;

import java.util.concurrent.locks.LockSupport;

/**
 * Paces a run to {@code smtp.max_per_second} across all workers: each message takes the next
 * free slot on a shared timeline, so the rate holds however many workers there are.
 * Thread-safe.
 */
final class RateLimiter {
    private final long intervalNanos;
    private long next;

    RateLimiter(double perSecond) {
        this.intervalNanos = perSecond <= 0 ? 0 : (long) (1_000_000_000L / perSecond);
        this.next = System.nanoTime();
    }

    void acquire() {
        if (intervalNanos == 0) return;
        long slot;
        synchronized (this) {
            long now = System.nanoTime();
            slot = Math.max(next, now);
            next = slot + intervalNanos;
        }
        long wait;
        while ((wait = slot - System.nanoTime()) > 0) LockSupport.parkNanos(wait);
    }
}
