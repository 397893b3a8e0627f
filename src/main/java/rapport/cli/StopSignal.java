package rapport.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and SIGINT as a request to stop, for a command that must finish what it is doing
 * first. The JVM's own answer to those signals is to run every shutdown hook at once, and an
 * embedded H2 database closes itself in one of them (with {@code AUTO_SERVER}, which the
 * workspace database uses, H2 refuses to be told otherwise): work still in flight would then
 * find its database gone. Catching the signals instead lets the command stop its work, close
 * the database and return normally. A shutdown hook stays as the fallback for any other way
 * the JVM is told to end.
 *
 * <p>Uses {@code sun.misc.Signal} (module {@code jdk.unsupported}); where a signal cannot be
 * caught (the JVM runs with {@code -Xrs}, or the OS reserves it) only the hook remains.
 * Thread-safe; close it once the command has stopped.
 */
final class StopSignal implements AutoCloseable {
    private static final List<String> SIGNALS = List.of("TERM", "INT");

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final List<Restore> restores = new ArrayList<>();
    private final Thread hook;

    private record Restore(Signal signal, SignalHandler previous) {}

    private StopSignal() {
        hook = new Thread(() -> {
            requested.countDown();
            try {
                stopped.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "rapport-stop");
    }

    static StopSignal install() {
        StopSignal stop = new StopSignal();
        for (String name : SIGNALS) {
            try {
                Signal signal = new Signal(name);
                stop.restores.add(new Restore(signal, Signal.handle(signal, s -> stop.requested.countDown())));
            } catch (IllegalArgumentException reserved) {
                // Not ours to catch here; the shutdown hook still asks the command to stop.
            }
        }
        Runtime.getRuntime().addShutdownHook(stop.hook);
        return stop;
    }

    /** Blocks until a stop is asked for. */
    void await() throws InterruptedException {
        requested.await();
    }

    /** Gives the signals back to the JVM and lets a waiting shutdown hook return. */
    @Override
    public void close() {
        for (Restore r : restores) Signal.handle(r.signal(), r.previous());
        stopped.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already stopping: the hook is running and now returns.
        }
    }
}
