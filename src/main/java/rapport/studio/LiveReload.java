package rapport.studio;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Tells open studio pages that the templates changed: the folder's {@link FolderStamp} is read
 * twice a second, and each page listens on a server-sent-events stream that carries the stamp
 * whenever it changes (and at once on connecting, so a change between the page and its stream
 * is not missed). The page reloads itself when the stamp differs from the one it was drawn
 * with. Streams are few ({@link #MAX_STREAMS}; each holds a thread) and send a comment every
 * {@code keepAlive} so that a gone browser is noticed; closing ends them all. Thread-safe.
 */
final class LiveReload implements AutoCloseable {
    static final int MAX_STREAMS = 8;
    private static final Duration EVERY = Duration.ofMillis(500);

    private final Path templates;
    private final Duration keepAlive;
    private final Semaphore streams = new Semaphore(MAX_STREAMS);
    private final ScheduledExecutorService poller;
    private long stamp;
    private boolean closed;

    LiveReload(Path templates, Duration keepAlive) {
        this.templates = templates;
        this.keepAlive = keepAlive;
        this.stamp = FolderStamp.of(templates);
        this.poller = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "rapport-studio-watch");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::look, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    synchronized long stamp() {
        return stamp;
    }

    private void look() {
        long now = FolderStamp.of(templates);
        synchronized (this) {
            if (now != stamp && now != -1) {
                stamp = now;
                notifyAll();
            }
        }
    }

    /** Holds the exchange's thread, writing the stamp at each change, until the browser leaves or the studio stops. */
    void stream(HttpExchange ex) throws IOException {
        if (!streams.tryAcquire()) {
            ex.getResponseHeaders().set("Retry-After", "5");
            ex.sendResponseHeaders(503, -1);
            return;
        }
        try (OutputStream out = ex.getResponseBody()) {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            ex.sendResponseHeaders(200, 0);
            long sent;
            synchronized (this) {
                sent = stamp;
            }
            write(out, "retry: 1000\nevent: stamp\ndata: " + sent + "\n\n");
            while (true) {
                long next;
                synchronized (this) {
                    long until = System.nanoTime() + keepAlive.toNanos();
                    while (!closed && stamp == sent && System.nanoTime() < until) {
                        TimeUnit.NANOSECONDS.timedWait(this, Math.max(1, until - System.nanoTime()));
                    }
                    if (closed) return;
                    next = stamp;
                }
                if (next != sent) {
                    sent = next;
                    write(out, "event: stamp\ndata: " + sent + "\n\n");
                } else {
                    write(out, ": still here\n\n");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            streams.release();
        }
    }

    private static void write(OutputStream out, String event) throws IOException {
        out.write(event.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        poller.shutdownNow();
        synchronized (this) {
            closed = true;
            notifyAll();
        }
    }
}
