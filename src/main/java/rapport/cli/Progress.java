package rapport.cli;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/** A one-line progress counter on a terminal's stderr, redrawn at most ten times a second. Thread-safe. */
final class Progress implements IntConsumer, AutoCloseable {
    private final PrintWriter err;
    private final boolean enabled;
    private final AtomicLong done = new AtomicLong();
    private final long start = System.nanoTime();
    private volatile long lastDraw;

    private Progress(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    static Progress forTerminal(PrintWriter err, boolean wanted) {
        return new Progress(err, wanted && System.console() != null);
    }

    @Override
    public void accept(int n) {
        long total = done.addAndGet(n);
        if (!enabled) return;
        long now = System.nanoTime();
        if (now - lastDraw < 100_000_000L) return;
        lastDraw = now;
        double seconds = (now - start) / 1e9;
        synchronized (err) {
            err.printf("\r  %,d messages handled · %.0f/s ", total, total / Math.max(seconds, 0.001));
            err.flush();
        }
    }

    @Override
    public void close() {
        if (enabled && done.get() > 0) {
            err.println();
            err.flush();
        }
    }
}
