package rapport.schedule;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code serve} per embedded H2 file. Its job store is not clustered, so a second
 * {@code serve} on the same file would fire every send and poll beside the first; and H2's own
 * file lock cannot tell them apart from {@code preview} or {@code report}, which must open the
 * file (through its automatic server) while {@code serve} runs. So {@code serve} writes itself
 * into a lock row and beats it; another finds a live holder there and refuses to start, naming
 * it. A holder is live while it beats and, on this host, while its process (the same pid, started
 * at the same moment) runs: a {@code serve} killed a second ago does not keep the next one out.
 * Thread-safe; close it once.
 */
public final class ServeLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServeLock.class);
    private static final Duration BEAT = Duration.ofSeconds(5);
    /** A holder silent this long is gone, whatever its process table says (another host, a reused pid). */
    private static final Duration STALE = Duration.ofSeconds(30);

    /** The {@code serve} holding a database, as it wrote itself into the lock. */
    public record Holder(String node, String host, long pid, Instant startedAt, Instant heartbeatAt) {}

    /** The lock row, as the store keeps it. Implementations are thread-safe. */
    public interface Records {
        /** Takes the lock for {@code me} from nobody or from a holder {@code alive} rejects; the live holder otherwise. */
        Optional<Holder> takeServeLock(Holder me, Predicate<Holder> alive);

        /** Whether {@code node} still holds the lock, beaten at {@code now}. */
        boolean beatServeLock(String node, Instant now);

        void releaseServeLock(String node);
    }

    private final Records records;
    private final Holder me;
    private final Clock wall;
    private final ScheduledExecutorService beat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rapport-serve-lock");
        t.setDaemon(true);
        return t;
    });

    private ServeLock(Records records, Holder me, Clock wall) {
        this.records = records;
        this.me = me;
        this.wall = wall;
    }

    /** Takes the lock of {@code database} (named in the refusal) or refuses: another serve runs on it. */
    public static ServeLock take(Records records, String database, Clock wall) {
        ProcessHandle self = ProcessHandle.current();
        String host = hostName();
        Instant now = wall.instant();
        Holder me = new Holder(host + "/" + self.pid(), host, self.pid(), self.info().startInstant().orElse(now), now);
        Optional<Holder> other = records.takeServeLock(me, holder -> alive(holder, host, wall.instant()));
        if (other.isPresent()) {
            Holder h = other.get();
            throw new SchedulingException("another serve is running on " + database + " (process " + h.pid() + " on " + h.host()
                    + ", started " + h.startedAt() + "): an embedded H2 database has one serve at most; stop that one first,"
                    + " or move to PostgreSQL to run several nodes (README, \"Running several nodes\")", null);
        }
        ServeLock lock = new ServeLock(records, me, wall);
        long every = BEAT.toMillis();
        lock.beat.scheduleAtFixedRate(lock::beat, every, every, TimeUnit.MILLISECONDS);
        return lock;
    }

    static boolean alive(Holder holder, String host, Instant now) {
        if (holder.heartbeatAt().isBefore(now.minus(STALE))) return false;
        if (!holder.host().equals(host)) return true;
        return ProcessHandle.of(holder.pid()).filter(ProcessHandle::isAlive)
                .map(p -> p.info().startInstant().map(started -> sameMoment(started, holder.startedAt())).orElse(true))
                .orElse(false);
    }

    /** Start times as the process table gives them, to its tick. */
    private static boolean sameMoment(Instant a, Instant b) {
        return Duration.between(a, b).abs().compareTo(Duration.ofSeconds(1)) < 0;
    }

    private void beat() {
        try {
            if (!records.beatServeLock(me.node(), wall.instant())) {
                LOG.warn("this serve no longer holds the lock of its database: another took it as if this one were gone");
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot beat the serve lock: {}", e.getMessage());
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    @Override
    public void close() {
        beat.shutdownNow();
        try {
            records.releaseServeLock(me.node());
        } catch (RuntimeException e) {
            LOG.warn("cannot release the serve lock: {}; the next serve takes it once this process is gone", e.getMessage());
        }
    }
}
