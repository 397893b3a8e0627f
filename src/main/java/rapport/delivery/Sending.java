package rapport.delivery;

import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import rapport.customer.Customer;
import rapport.feedback.SenderRefusals;
import rapport.render.MessageComposer;
import rapport.render.Note;

/**
 * The sending phase of a run: {@code workers} threads, each with one reused connection, claim
 * rows from the ledger and deliver each: check suppression, render, compose, pace, keep to
 * {@code --limit}, hand over, record. Temporary refusals retry with backoff up to a bound; a
 * recipient refused for good bounces; a refusal about the sender fails the note only, and enough
 * of them ({@code SenderRefusals}) pause the run; a server that keeps failing pauses it. Stops cleanly on
 * request; the caller hands back what was claimed and not sent. A worker sends a claimed row only
 * while the {@link Heartbeat}'s lease says the claim is still its own, or the ledger says so after
 * a lapse: a process that stalled and woke does not send again what others took over. Thread-safe.
 */
final class Sending {
    private static final Logger LOG = LoggerFactory.getLogger(Sending.class);

    private final Ledger ledger;
    private final Durability.Recorder recorder;
    private final NextNote nextNote;
    private final MessageComposer composer;
    private final Mailer mailer;
    private final Clock clock;
    private final Clock wall;
    private final SendOptions options;
    private final String process;
    private final Heartbeat lease;
    private final AtomicBoolean stopping;
    private final AtomicBoolean paused = new AtomicBoolean();
    private final AtomicInteger connectionFaults = new AtomicInteger();
    /** Refusals about the sender, and notes accepted, by this process in this run: whether refusals pile up. */
    private final AtomicInteger senderRefusals = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    /** Sends begun or done, against --limit: taken before a send so that workers never overshoot it. */
    private final AtomicInteger reserved = new AtomicInteger();
    private final RateLimiter rate;
    private final Object claimLock = new Object();
    private volatile String pauseNote;

    Sending(Ledger ledger, Durability.Recorder recorder, NextNote nextNote, MessageComposer composer, Mailer mailer,
            Clock clock, Clock wall, SendOptions options, String process, Heartbeat lease, AtomicBoolean stopping) {
        this.ledger = ledger;
        this.recorder = recorder;
        this.nextNote = nextNote;
        this.composer = composer;
        this.mailer = mailer;
        this.clock = clock;
        this.wall = wall;
        this.options = options;
        this.process = process;
        this.lease = lease;
        this.stopping = stopping;
        this.rate = new RateLimiter(options.maxPerSecond());
    }

    /** Sends what the run has queued; returns the pause reason, or null when nothing is left for now. */
    String send(Ledger.Run run, IntConsumer progress) throws InterruptedException {
        Thread[] threads = new Thread[options.workers()];
        for (int i = 0; i < threads.length; i++) {
            Worker worker = new Worker(run, process + "/" + i, progress);
            threads[i] = new Thread(worker::work, "rapport-send-" + i);
            threads[i].start();
        }
        for (Thread t : threads) t.join();
        return pauseNote;
    }

    private boolean goOn() {
        return !stopping.get() && !paused.get() && !(options.limit() > 0 && reserved.get() >= options.limit());
    }

    /** One sending thread with its connection. */
    private final class Worker {
        private final Ledger.Run run;
        private final String name;
        private final IntConsumer progress;
        private final Mailer.Channel channel = mailer.open();
        /** Outcomes of this claim, then of the one before: waited for only once the next claim is sent. */
        private List<CompletableFuture<Void>> recorded = new ArrayList<>();
        /** The lease's lapse count when the rows in hand were claimed or last confirmed. */
        private long lapsesAtClaim;
        /** Rows in hand confirmed as still this worker's after a lapse; null when none was asked. */
        private Set<Long> confirmed;

        Worker(Ledger.Run run, String name, IntConsumer progress) {
            this.run = run;
            this.name = name;
            this.progress = progress;
        }

        void work() {
            try (channel) {
                List<CompletableFuture<Void>> earlier = List.of();
                while (goOn()) {
                    List<Ledger.Claim> claims;
                    lapsesAtClaim = lease.lapses();
                    confirmed = null;
                    synchronized (claimLock) {
                        claims = ledger.claim(run.id(), process, name, options.claimSize(), clock.instant());
                    }
                    if (claims.isEmpty()) {
                        // Rows whose outcomes are not yet in the ledger still count as ready to others.
                        recorder.flush();
                        awaitAll(earlier);
                        earlier = List.of();
                        if (!waitForWork()) return;
                        continue;
                    }
                    recorded = new ArrayList<>();
                    deliverAll(claims);
                    // Committed while the next claim is sent; a row stays 'claimed' by this worker until
                    // its outcome is in, so no claim, here or elsewhere, takes it again meanwhile.
                    recorder.flush();
                    awaitAll(earlier);
                    earlier = recorded;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                // A database fault, or anything else that ends this worker: stop the run where it is;
                // the ledger knows what is left. Its claims would otherwise be waited for by the
                // other workers for as long as this process beats: the send would never end.
                pause("stopped by a fault: " + (e.getMessage() != null ? e.getMessage() : e));
                LOG.error("send worker stopped", e);
            }
        }

        private void deliverAll(List<Ledger.Claim> claims) throws InterruptedException {
            List<Long> ids = claims.stream().map(Ledger.Claim::customerId).toList();
            // Checked at claim time (no rendering for the suppressed) and again right before each message.
            Suppression suppression = new Suppression(ledger, ids);
            Map<Long, Customer> customers = ledger.customers(ids);
            for (Ledger.Claim claim : claims) {
                if (!goOn()) return; // the rest is handed back
                deliver(claim, customers.get(claim.customerId()), suppression);
                progress.accept(1);
            }
        }

        private void deliver(Ledger.Claim claim, Customer customer, Suppression suppression) throws InterruptedException {
            Ledger.Outcome.Final suppressed = suppression.check(claim, clock.instant());
            if (suppressed != null) {
                record(suppressed);
                return;
            }
            Note note = render(claim, customer);
            if (note == null) return;
            MimeMessage message = composer.compose(note, wall.instant());
            rate.acquire();
            // A claim at a paced rate can take minutes: the status as it is now, not at claim time.
            suppressed = suppression.check(claim, clock.instant());
            if (suppressed != null) {
                record(suppressed);
                return;
            }
            if (!stillHeld(claim)) return; // handed back while this process stalled: another sends it
            if (!reserveUnderLimit()) return; // still claimed: handed back when the workers stop
            Mailer.Answer answer = channel.send(message, note.envelopeFrom(), note.toAddress());
            if (answer instanceof Mailer.Answer.Refused refused) {
                if (options.limit() > 0) reserved.decrementAndGet();
                refusedBy(claim, refused);
                return;
            }
            connectionFaults.set(0);
            accepted.incrementAndGet();
            // Durable before the next send: the recorder returns once it would survive a kill.
            record(new Ledger.Outcome.Sent(claim.customerId(), note.piece(), note.kind(), note.messageId(), clock.instant(), note.subject()));
        }

        /** Whether the row is still this worker's: the lease says so, or else the ledger, asked once per lapse. */
        private boolean stillHeld(Ledger.Claim claim) {
            if (!lease.holds(lapsesAtClaim)) {
                lapsesAtClaim = lease.renew();
                confirmed = ledger.held(run.id(), name);
            }
            return confirmed == null || confirmed.contains(claim.customerId());
        }

        /** The note of a claimed row, or null when it cannot be rendered (the row is then skipped with why). */
        private Note render(Ledger.Claim claim, Customer customer) throws InterruptedException {
            NextNote.Rendering rendering = nextNote.renderPlanned(claim.piece(), customer, run.id(), run.asOf());
            if (rendering instanceof NextNote.Rendering.Rendered rendered) return rendered.note();
            String reason = ((NextNote.Rendering.Unrenderable) rendering).reason();
            record(new Ledger.Outcome.Final(claim.customerId(), DeliveryState.SKIPPED, claim.attempts(), reason, clock.instant()));
            return null;
        }

        private void refusedBy(Ledger.Claim claim, Mailer.Answer.Refused refused) throws InterruptedException {
            Instant now = clock.instant();
            int attempt = claim.attempts() + 1;
            String reason = refused.reason();
            record(switch (refused.refusal()) {
                case TEMPORARY -> attempt < options.maxAttempts()
                        ? new Ledger.Outcome.Retry(claim.customerId(), attempt, now.plus(options.backoff(attempt)), reason)
                        : new Ledger.Outcome.Final(claim.customerId(), DeliveryState.FAILED, attempt,
                                "gave up after " + attempt + " tries: " + reason, now);
                case RECIPIENT -> new Ledger.Outcome.Final(claim.customerId(), DeliveryState.BOUNCED, attempt, reason, now);
                case REJECTED, SENDER -> new Ledger.Outcome.Final(claim.customerId(), DeliveryState.FAILED, attempt, reason, now);
                case CONNECTION -> new Ledger.Outcome.Retry(claim.customerId(), claim.attempts(), now, reason);
            });
            if (refused.refusal() == Mailer.Refusal.SENDER) {
                connectionFaults.set(0);
                int refusals = senderRefusals.incrementAndGet();
                if (SenderRefusals.pileUp(refusals, accepted.get() + refusals)) {
                    pause(SenderRefusals.pauseNote(refusals, reason));
                }
            } else if (refused.refusal() != Mailer.Refusal.CONNECTION) {
                connectionFaults.set(0);
            } else if (connectionFaults.incrementAndGet() >= options.pauseAfter()) {
                pause("paused after " + options.pauseAfter() + " connection faults in a row; last: " + reason);
            } else {
                Thread.sleep(Math.min(200L * connectionFaults.get(), 2000));
            }
        }

        private void record(Ledger.Outcome outcome) throws InterruptedException {
            recorded.add(recorder.record(outcome));
        }

        /** True when there may be more to claim; sleeps until a waiting retry is due. */
        private boolean waitForWork() throws InterruptedException {
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
    }

    private boolean reserveUnderLimit() {
        if (options.limit() <= 0) return true;
        if (reserved.incrementAndGet() <= options.limit()) return true;
        reserved.decrementAndGet();
        return false;
    }

    private void pause(String note) {
        if (paused.compareAndSet(false, true)) {
            pauseNote = note;
            LOG.warn(note);
        }
    }

    private static void awaitAll(List<CompletableFuture<Void>> done) throws InterruptedException {
        for (CompletableFuture<Void> d : done) GroupCommit.await(d);
    }
}
