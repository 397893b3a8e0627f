package rapport.delivery;

import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import rapport.customer.Customer;
import rapport.customer.Status;
import rapport.render.MessageComposer;
import rapport.render.Note;
import rapport.render.RenderException;

/**
 * The sending phase: {@code workers} threads, each with one reused connection, claim rows from
 * the ledger, re-check suppression, render, send, and record. Temporary failures retry with
 * backoff up to a bound; a refused recipient bounces; a server that keeps failing pauses the
 * run. Stops cleanly on request, handing back what it has not sent. Thread-safe.
 */
final class RunSender {
    private static final Logger LOG = LoggerFactory.getLogger(RunSender.class);

    private final Ledger ledger;
    private final Planner planner;
    private final MessageComposer composer;
    private final Mailer mailer;
    private final Clock clock;
    private final Clock wall;
    private final SendOptions options;
    private final String sender;
    private final AtomicBoolean stopping;
    private final AtomicBoolean paused = new AtomicBoolean();
    private final AtomicInteger connectionFaults = new AtomicInteger();
    private final AtomicInteger sent = new AtomicInteger();
    /** Sends begun or done, against --limit: taken before a send so that workers never overshoot it. */
    private final AtomicInteger reserved = new AtomicInteger();
    private final RateLimiter rate;
    private final Object claimLock = new Object();
    private volatile String pauseNote;

    RunSender(Ledger ledger, Planner planner, MessageComposer composer, Mailer mailer, Clock clock, Clock wall, SendOptions options,
              String sender, AtomicBoolean stopping) {
        this.ledger = ledger;
        this.planner = planner;
        this.composer = composer;
        this.mailer = mailer;
        this.clock = clock;
        this.wall = wall;
        this.options = options;
        this.sender = sender;
        this.stopping = stopping;
        this.rate = new RateLimiter(options.maxPerSecond());
    }

    /** Sends what the run has queued; returns the pause reason, or null when nothing is left for now. */
    String send(Ledger.Run run, IntConsumer progress) throws InterruptedException {
        try (LedgerWriter writer = new LedgerWriter(ledger, run.id(), sender)) {
            Thread[] threads = new Thread[options.workers()];
            for (int i = 0; i < threads.length; i++) {
                String worker = sender + "/" + i;
                threads[i] = new Thread(() -> work(run, worker, writer, progress), "rapport-send-" + i);
                threads[i].start();
            }
            for (Thread t : threads) t.join();
        }
        ledger.release(run.id(), sender); // claims a worker did not reach go back to the queue
        return pauseNote;
    }

    private boolean limitReached() {
        return options.limit() > 0 && reserved.get() >= options.limit();
    }

    private void work(Ledger.Run run, String worker, LedgerWriter writer, IntConsumer progress) {
        Mailer.Channel channel = null;
        // The outcomes of the claim before this one: a worker sends on while the writer commits
        // them, and waits for them only once it has sent the next claim (a bound on what is queued).
        List<CompletableFuture<Void>> earlier = List.of();
        try {
            while (!stopping.get() && !paused.get() && !limitReached()) {
                List<Ledger.Claim> claims;
                synchronized (claimLock) {
                    claims = ledger.claim(run.id(), sender, worker, options.claimSize(), clock.instant());
                }
                if (claims.isEmpty()) {
                    // Rows whose outcomes are not yet in the ledger still count as ready to others.
                    writer.flush();
                    awaitAll(earlier);
                    earlier = List.of();
                    if (!waitForWork(run)) return;
                    continue;
                }
                List<Long> ids = claims.stream().map(Ledger.Claim::customerId).toList();
                // Suppression is checked at claim time (no rendering for the suppressed) and again
                // right before each message (deliver): an unsubscribe mid-run wins.
                Statuses statuses = new Statuses(ids);
                Map<Long, Customer> customers = ledger.customers(ids);
                List<CompletableFuture<Void>> recorded = new ArrayList<>();
                Function<Ledger.Outcome, CompletableFuture<Void>> record = outcome -> {
                    CompletableFuture<Void> done = writer.submit(outcome);
                    recorded.add(done);
                    return done;
                };
                for (Ledger.Claim claim : claims) {
                    if (stopping.get() || paused.get() || limitReached()) return; // the rest is released
                    channel = deliver(run, claim, statuses, customers.get(claim.customerId()), channel,
                            record, writer.journals());
                    progress.accept(1);
                }
                // Committed while the next claim is sent; a row stays 'claimed' by this worker until
                // its outcome is in, so no claim, here or elsewhere, takes it again meanwhile.
                writer.flush();
                awaitAll(earlier);
                earlier = recorded;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            // A database fault, or anything else that ends this worker: stop the run where it is; the
            // ledger knows what is left. A worker that just died would leave its claims to be waited
            // for by the others for as long as this process beats: the send would never end.
            if (paused.compareAndSet(false, true)) pauseNote = "stopped by a fault: " + (e.getMessage() != null ? e.getMessage() : e);
            LOG.error("send worker stopped", e);
        } finally {
            if (channel != null) channel.close();
        }
    }

    /** True when there may be more to claim; sleeps until a waiting retry is due. */
    private boolean waitForWork(Ledger.Run run) throws InterruptedException {
        Ledger.Pending pending = ledger.pending(run.id());
        if (pending.ready() > 0) {
            Thread.sleep(50); // rows claimed by others, or by a process whose claims will be reclaimed
            return true;
        }
        if (pending.nextRetry().isEmpty()) return false;
        long wait = pending.nextRetry().get().toEpochMilli() - clock.millis();
        if (wait > 0) Thread.sleep(Math.min(wait, 200));
        return true;
    }

    private Mailer.Channel deliver(Ledger.Run run, Ledger.Claim claim, Statuses statuses, Customer customer,
                                   Mailer.Channel channel, Function<Ledger.Outcome, CompletableFuture<Void>> record,
                                   boolean journaled)
            throws InterruptedException {
        Instant now = clock.instant();
        int attempt = claim.attempts() + 1;
        Status status = statuses.current(claim.customerId());
        if (customer == null || status != Status.ACTIVE) {
            record.apply(suppressed(claim, status, now));
            return channel;
        }
        Note note;
        try {
            note = planner.render(claim.piece(), customer, run.id(), run.asOf());
        } catch (RenderException e) {
            record.apply(new Ledger.Outcome.Final(claim.customerId(), "skipped", claim.attempts(), "cannot render: " + e.getMessage(), now));
            return channel;
        } catch (StackOverflowError e) {
            // A macro that recurses without end for this customer's data: their note, not the run, fails.
            record.apply(new Ledger.Outcome.Final(claim.customerId(), "skipped", claim.attempts(),
                    "cannot render: templates/" + claim.piece() + ".ftlh recurses without end (stack overflow)", now));
            return channel;
        }
        MimeMessage message = composer.compose(note, wall.instant());
        try {
            if (channel == null) channel = mailer.open();
            rate.acquire();
            // A claim at a paced rate can take minutes: the status as it is now, not at claim time.
            Status current = statuses.current(claim.customerId());
            if (current != Status.ACTIVE) {
                record.apply(suppressed(claim, current, clock.instant()));
                return channel;
            }
            if (options.limit() > 0 && reserved.incrementAndGet() > options.limit()) {
                reserved.decrementAndGet();
                return channel; // still claimed: released to the queue when the workers stop
            }
            try {
                channel.send(message, note.envelopeFrom(), note.toAddress());
            } catch (Mailer.DeliveryException notSent) {
                if (options.limit() > 0) reserved.decrementAndGet();
                throw notSent;
            }
            connectionFaults.set(0);
            sent.incrementAndGet();
            // Durable before the next send: noted in the journal as it is handed in, or else committed.
            CompletableFuture<Void> recorded = record.apply(
                    new Ledger.Outcome.Sent(claim.customerId(), note.piece(), note.kind(), note.messageId(), clock.instant()));
            if (!journaled) await(recorded);
        } catch (Mailer.DeliveryException e) {
            Ledger.Outcome outcome = switch (e.kind()) {
                case TEMPORARY -> attempt < options.maxAttempts()
                        ? new Ledger.Outcome.Retry(claim.customerId(), attempt, now.plus(options.backoff(attempt)), e.getMessage())
                        : new Ledger.Outcome.Final(claim.customerId(), "failed", attempt, "gave up after " + attempt + " tries: " + e.getMessage(), now);
                case RECIPIENT -> new Ledger.Outcome.Final(claim.customerId(), "bounced", attempt, e.getMessage(), now);
                case REJECTED -> new Ledger.Outcome.Final(claim.customerId(), "failed", attempt, e.getMessage(), now);
                case CONNECTION -> new Ledger.Outcome.Retry(claim.customerId(), claim.attempts(), now, e.getMessage());
            };
            if (e.kind() == Mailer.DeliveryException.Kind.CONNECTION) {
                if (channel != null) channel.close();
                channel = null;
                if (connectionFaults.incrementAndGet() >= options.pauseAfter() && paused.compareAndSet(false, true)) {
                    pauseNote = "paused after " + options.pauseAfter() + " connection faults in a row; last: " + e.getMessage();
                    LOG.warn(pauseNote);
                } else {
                    Thread.sleep(Math.min(200L * connectionFaults.get(), 2000));
                }
            } else {
                connectionFaults.set(0);
            }
            record.apply(outcome);
        }
        return channel;
    }

    /**
     * The claimed customers' statuses, read again, all at once, when the last reading is older
     * than {@link #FRESH}. At full speed a claim is sent well within that, so suppression costs one
     * query per claim instead of one per message; at a paced rate every message still sees a
     * status no older than that.
     */
    private final class Statuses {
        private static final long FRESH = TimeUnit.MILLISECONDS.toNanos(250);
        private final List<Long> ids;
        private Map<Long, Status> byId;
        private long readAt;

        Statuses(List<Long> ids) {
            this.ids = ids;
            read();
        }

        Status current(long customerId) {
            if (System.nanoTime() - readAt > FRESH) read();
            return byId.get(customerId);
        }

        private void read() {
            byId = ledger.statuses(ids);
            readAt = System.nanoTime();
        }
    }

    private static Ledger.Outcome suppressed(Ledger.Claim claim, Status status, Instant now) {
        return new Ledger.Outcome.Final(claim.customerId(), "skipped", claim.attempts(),
                "status is " + (status == null ? "gone" : status.label()) + " at send time", now);
    }

    private static void awaitAll(List<CompletableFuture<Void>> done) throws InterruptedException {
        for (CompletableFuture<Void> d : done) await(d);
    }

    private static void await(CompletableFuture<Void> done) throws InterruptedException {
        try {
            done.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot record an outcome: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
