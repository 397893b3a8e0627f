package rapport.tracking;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * At most {@code limit} attempts per client address within a sliding {@code window}: the join
 * form's guard against a robot posting signups in bulk from one place. Each client's last
 * {@code limit} accepted attempts are kept; a refused attempt is not counted, so a client that
 * stops is welcome again once the window has passed. Memory is bounded: at most
 * {@code maxClients} addresses are tracked, the least recently seen forgotten first (a robot
 * spread over that many addresses is beyond what a per-address limit can stop; the confirmation
 * note still is). Thread-safe.
 */
final class ClientLimit {
    private final int limit;
    private final long windowMillis;
    private final Clock clock;
    private final Map<String, long[]> recent;

    ClientLimit(int limit, Duration window, int maxClients, Clock clock) {
        if (limit < 1 || maxClients < 1) throw new IllegalArgumentException("limit and maxClients must be at least 1");
        this.limit = limit;
        this.windowMillis = window.toMillis();
        this.clock = clock;
        this.recent = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
                return size() > maxClients;
            }
        };
    }

    /** Ten a client in ten minutes: more than a person joining, fewer than a robot. */
    static ClientLimit forJoining(Clock clock) {
        return new ClientLimit(10, Duration.ofMinutes(10), 10_000, clock);
    }

    /** Whether {@code client} may make one more attempt now; counts it when it may. */
    synchronized boolean allow(String client) {
        long now = clock.millis();
        // A ring of the last `limit` accepted attempts; slot 0 holds the next position to write.
        long[] ring = recent.computeIfAbsent(client, c -> new long[limit + 1]);
        int next = (int) ring[0];
        long oldest = ring[1 + next];
        boolean full = oldest != 0;
        if (full && now - oldest < windowMillis) return false;
        ring[1 + next] = now == 0 ? 1 : now;
        ring[0] = (next + 1) % limit;
        return true;
    }
}
