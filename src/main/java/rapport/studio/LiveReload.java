package rapport.studio;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Tells open studio pages that the templates changed: the folder's {@link FolderStamp} is read
 * twice a second, and each page listens on a server-sent-events stream that carries the stamp
 * whenever it changes (and at once on connecting, so a change between the page and its stream
 * is not missed). The page reloads itself when the stamp differs from the one it was drawn
 * with. Streams are few ({@link #MAX_STREAMS}; each holds a thread; a new one ends the oldest)
 * and send a comment every {@code keepAlive} so that a gone browser is noticed; closing ends
 * them all. A second number, {@link #counted}, moves each time a background count behind a
 * page ends ({@link #poke}): a page drawn while one ran reloads when it moves. Thread-safe.
 */
final class LiveReload implements AutoCloseable {
    static final int MAX_STREAMS = 8;
    private static final Duration EVERY = Duration.ofMillis(500);

    private final Path templates;
    private final Duration keepAlive;
    private final Deque<Listener> listeners = new ArrayDeque<>();
    private final ScheduledExecutorService poller;
    private long stamp;
    private long counted;
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

    synchronized long counted() {
        return counted;
    }

    /** A count ended: pages drawn before it may now show more. */
    synchronized void poke() {
        counted++;
        notifyAll();
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

    /** One open stream; {@code ended} once a newer one took its place. Guarded by the {@link LiveReload}. */
    private static final class Listener {
        boolean ended;
    }

    /**
     * Holds the exchange's thread, writing the stamp at each change, until the browser leaves, a
     * newer stream takes its place or the studio stops. Beyond {@link #MAX_STREAMS} the oldest
     * stream ends: a browser that left is only noticed at the next write, and the page just
     * opened is the one the marketer looks at.
     */
    void stream(HttpExchange ex) throws IOException {
        Listener me = new Listener();
        long sent;
        long sentCounted;
        synchronized (this) {
            if (closed) return;
            if (listeners.size() >= MAX_STREAMS) {
                listeners.removeFirst().ended = true;
                notifyAll();
            }
            listeners.addLast(me);
            sent = stamp;
            sentCounted = counted;
        }
        try (OutputStream out = ex.getResponseBody()) {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            ex.sendResponseHeaders(200, 0);
            write(out, "retry: 1000\nevent: stamp\ndata: " + sent + "\n\nevent: counted\ndata: " + sentCounted + "\n\n");
            while (true) {
                long next;
                long nextCounted;
                synchronized (this) {
                    long until = System.nanoTime() + keepAlive.toNanos();
                    while (!closed && !me.ended && stamp == sent && counted == sentCounted && System.nanoTime() < until) {
                        TimeUnit.NANOSECONDS.timedWait(this, Math.max(1, until - System.nanoTime()));
                    }
                    if (closed || me.ended) return;
                    next = stamp;
                    nextCounted = counted;
                }
                if (next != sent || nextCounted != sentCounted) {
                    if (next != sent) write(out, "event: stamp\ndata: " + next + "\n\n");
                    if (nextCounted != sentCounted) write(out, "event: counted\ndata: " + nextCounted + "\n\n");
                    sent = next;
                    sentCounted = nextCounted;
                } else {
                    write(out, ": still here\n\n");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (this) {
                listeners.remove(me);
            }
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
