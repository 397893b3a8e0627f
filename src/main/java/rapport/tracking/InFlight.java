package rapport.tracking;

import java.time.Duration;

/**
 * Counts the requests being handled, so that closing the server can let them finish: once
 * {@link #close} has begun, {@link #enter} refuses, and close waits until the count is zero.
 * (The JDK server's own {@code stop(delay)} cannot be asked to stop accepting without also
 * cutting the connections of requests still being answered.) Thread-safe.
 */
final class InFlight {
    private int running;
    private boolean closed;

    /** Whether the request may proceed; when true, {@link #exit} must follow. */
    synchronized boolean enter() {
        if (closed) return false;
        running++;
        return true;
    }

    synchronized void exit() {
        if (--running == 0) notifyAll();
    }

    /** Refuses new requests and waits up to {@code timeout} for the running ones; true when none is left. */
    synchronized boolean close(Duration timeout) throws InterruptedException {
        closed = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (running > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
