package rapport.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One-shot timers that one thread checks a few times a second, for Angus Mail's SMTP write
 * timeout. Angus arms a timer before every socket write and cancels it after; on its own
 * executor each arming wakes that connection's timer thread, two context switches for every
 * write of every message. Here arming and cancelling only touch a set,
 * and a timer fires up to one tick late, which a timeout counted in seconds does not notice.
 * Thread-safe.
 */
final class CoarseTimer extends AbstractExecutorService implements ScheduledExecutorService {
    static final long TICK_MILLIS = 200;

    private final Set<Timer<?>> armed = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean shutdown;

    CoarseTimer(String name) {
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (!shutdown) {
            try {
                Thread.sleep(TICK_MILLIS);
            } catch (InterruptedException e) {
                continue;   // shutdown() interrupts; the loop condition decides
            }
            long now = System.nanoTime();
            for (Timer<?> t : armed) {
                if (now - t.deadline >= 0 && armed.remove(t)) t.run();
            }
        }
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> task, long delay, TimeUnit unit) {
        if (shutdown) throw new RejectedExecutionException("the timer is shut down");
        Timer<V> timer = new Timer<>(task, System.nanoTime() + unit.toNanos(delay));
        armed.add(timer);
        return timer;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        return schedule(Executors.callable(task), delay, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException("one-shot timers only");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("one-shot timers only");
    }

    /** Runs the task at the next tick. */
    @Override
    public void execute(Runnable task) {
        schedule(task, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public void shutdown() {
        shutdown = true;
        thread.interrupt();
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown();
        List<Runnable> left = new ArrayList<>(armed);
        armed.clear();
        return left;
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown && !thread.isAlive();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        thread.join(Math.max(1, unit.toMillis(timeout)));
        return !thread.isAlive();
    }

    /** A timer; cancelling it disarms it at once. */
    private final class Timer<V> extends FutureTask<V> implements ScheduledFuture<V> {
        private final long deadline;

        Timer(Callable<V> task, long deadline) {
            super(task);
            this.deadline = deadline;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            armed.remove(this);
            return super.cancel(mayInterruptIfRunning);
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }
    }
}
