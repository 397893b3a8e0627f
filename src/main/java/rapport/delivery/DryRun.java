package rapport.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import rapport.customer.Customer;
import rapport.customer.CustomerRepository;
import rapport.selection.Due;

/**
 * {@code send --dry-run}: plans every customer as the send would and renders every note it
 * counts, so "would send" is what the send then sends: a note that cannot be rendered is
 * counted as skipped with the reason the send would record. Writes and sends nothing.
 *
 * <p>The main thread decides page after page while a pool as wide as the machine renders the
 * pages already decided; a bounded number of pages wait, so memory stays flat at any audience
 * size. One per dry run; not thread-safe.
 */
final class DryRun {
    /** How many customers' notes a dry run would send or skip, and why. */
    record Tally(int due, Map<String, Integer> pieces, Map<String, Integer> skipped, Map<String, Integer> notDue) {}

    private record Chosen(Customer customer, String piece) {}

    private final CustomerRepository customers;
    private final NextNote nextNote;
    private final int threads;

    DryRun(CustomerRepository customers, NextNote nextNote, int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1");
        this.customers = customers;
        this.nextNote = nextNote;
        this.threads = threads;
    }

    Tally count(String runId, Instant asOf) {
        Planning planning = new Planning(customers, nextNote);
        Map<String, Integer> pieces = new ConcurrentHashMap<>();
        Map<String, Integer> skipped = new ConcurrentHashMap<>();
        Map<String, Integer> notDue = new LinkedHashMap<>();
        AtomicInteger due = new AtomicInteger();
        AtomicReference<Throwable> fault = new AtomicReference<>();
        Semaphore waiting = new Semaphore(threads * 2);
        ExecutorService renderers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "rapport-dry-run");
            t.setDaemon(true);
            return t;
        });
        try {
            customers.forEachPage(null, Planning.PAGE, page -> {
                if (fault.get() != null) return;
                List<Chosen> chosen = new ArrayList<>();
                planning.decide(page, asOf, (customer, decision) -> {
                    if (!decision.due().due()) {
                        notDue.merge(((Due.No) decision.due()).hold().label(), 1, Integer::sum);
                        return;
                    }
                    due.incrementAndGet();
                    if (decision.chosen().isPresent()) chosen.add(new Chosen(customer, decision.chosen().get()));
                    else skipped.merge(decision.skipReason().orElseThrow(), 1, Integer::sum);
                });
                waiting.acquireUninterruptibly();
                renderers.execute(() -> {
                    try {
                        for (Chosen c : chosen) {
                            String unrenderable = nextNote.whyUnrenderable(c.piece(), c.customer(), runId, asOf);
                            if (unrenderable != null) {
                                skipped.merge(unrenderable, 1, Integer::sum);
                            } else {
                                pieces.merge(c.piece(), 1, Integer::sum);
                            }
                        }
                    } catch (RuntimeException | Error e) {
                        fault.compareAndSet(null, e);
                    } finally {
                        waiting.release();
                    }
                });
            });
        } finally {
            renderers.shutdown();
            awaitQuietly(renderers);
        }
        Throwable failed = fault.get();
        if (failed instanceof RuntimeException e) throw e;
        if (failed instanceof Error e) throw e;
        return new Tally(due.get(), sorted(pieces), sorted(skipped), notDue);
    }

    /** Most common first, then by name: the order a summary reads best in, the same every run. */
    private static Map<String, Integer> sorted(Map<String, Integer> counts) {
        Map<String, Integer> byName = new TreeMap<>(counts);
        Map<String, Integer> out = new LinkedHashMap<>();
        byName.entrySet().stream()
                .sorted((a, b) -> Integer.compare(b.getValue(), a.getValue()))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private static void awaitQuietly(ExecutorService pool) {
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.MINUTES)) break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
