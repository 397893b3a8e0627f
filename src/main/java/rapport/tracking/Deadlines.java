package rapport.tracking;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * When each connection must have delivered its next request, and the closing of those that have
 * not. An idle timeout alone lets a client keep a connection forever by sending a byte now and
 * then (slowloris); a deadline on the whole request does not. A connection has one while it waits
 * for a request's headers ({@code headerTimeout}, from its opening or its last answer) and while
 * its body arrives ({@code bodyTimeout}, from the headers); none while the endpoints answer.
 * {@link #sweep} runs a few times a second. Thread-safe.
 */
final class Deadlines implements Connection.Listener {
    private final long headerNanos;
    private final long bodyNanos;
    private final Map<Connection, Long> due = new ConcurrentHashMap<>();

    Deadlines(Duration headerTimeout, Duration bodyTimeout) {
        this.headerNanos = headerTimeout.toNanos();
        this.bodyNanos = bodyTimeout.toNanos();
    }

    @Override
    public void onOpened(Connection connection) {
        due.put(connection, System.nanoTime() + headerNanos);
    }

    @Override
    public void onClosed(Connection connection) {
        due.remove(connection);
    }

    /** The headers are in; the body is to come. */
    void reading(Connection connection) {
        due.put(connection, System.nanoTime() + bodyNanos);
    }

    /** The whole request is in: the endpoints have no deadline here (close bounds them). */
    void answering(Connection connection) {
        due.remove(connection);
    }

    /** Answered: the connection may stay open for the next request, which has its own deadline. */
    void waiting(Connection connection) {
        if (connection.getEndPoint().isOpen()) due.put(connection, System.nanoTime() + headerNanos);
    }

    /** Sweeps every {@code period} until {@code scheduler} stops (with the server). */
    void sweepEvery(Duration period, Scheduler scheduler) {
        try {
            scheduler.schedule(() -> {
                sweep();
                sweepEvery(period, scheduler);
            }, period.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // The server stopped: so do the sweeps.
        }
    }

    /** Closes the connections whose deadline has passed. */
    void sweep() {
        long now = System.nanoTime();
        due.forEach((connection, deadline) -> {
            if (now - deadline >= 0 && due.remove(connection, deadline)) {
                try {
                    connection.getEndPoint().close();
                } catch (RuntimeException e) {
                    // Already closing: the next sweeps must still run.
                }
            }
        });
    }
}
