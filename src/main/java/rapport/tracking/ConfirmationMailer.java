package rapport.tracking;

import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import rapport.club.PendingSignup;
import rapport.delivery.Mailer;
import rapport.render.ConfirmationNote;
import rapport.render.RenderException;
import rapport.tokens.Tokens;

/**
 * Sends join confirmation notes off the request thread: the page answers at once, and one thread
 * of its own writes each note and hands it to the mail server (or the outbox). The queue is
 * bounded; a note that finds it full is not sent, and the log says so (the person may ask again
 * after the hour). {@link #close} sends what is queued, within a bound. Thread-safe.
 */
public final class ConfirmationMailer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConfirmationMailer.class);
    private static final int QUEUE = 1000;

    private final ConfirmationNote note;
    private final Mailer mailer;
    private final Tokens tokens;
    private final String baseUrl;
    private final String messageDomain;
    private final Clock clock;
    private final ThreadPoolExecutor worker;

    /**
     * @param baseUrl the public root of the pages ({@code tracking.base_url})
     * @param messageDomain the domain of the notes' Message-IDs (the reply address's)
     */
    public ConfirmationMailer(ConfirmationNote note, Mailer mailer, Tokens tokens, String baseUrl, String messageDomain, Clock clock) {
        this.note = note;
        this.mailer = mailer;
        this.tokens = tokens;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.messageDomain = messageDomain;
        this.clock = clock;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "rapport-confirmations");
            t.setDaemon(true);
            return t;
        });
    }

    /** The token in the link of {@code signup}'s note: bound to its address, good for that signup only. */
    public static String token(Tokens tokens, PendingSignup signup) {
        return tokens.sign(Tokens.Purpose.CONFIRM, signup.id(), Long.toString(signup.createdAt().getEpochSecond(), 36), signup.emailKey());
    }

    /** The link the note's button leads to. */
    public String link(PendingSignup signup) {
        return baseUrl + "/confirm/" + token(tokens, signup);
    }

    /** Queues the note for {@code signup}; returns at once. */
    public void send(PendingSignup signup) {
        try {
            worker.execute(() -> deliver(signup));
        } catch (RejectedExecutionException e) {
            LOG.error("join: the confirmation note for signup {} was not sent: too many are waiting", signup.id());
        }
    }

    /** Waits until every note queued so far is sent (or failed); for tests and for stopping. */
    public boolean awaitSent(Duration timeout) throws InterruptedException {
        try {
            worker.submit(() -> { }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | RejectedExecutionException e) {
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }

    private void deliver(PendingSignup signup) {
        try (Mailer.Channel channel = mailer.open()) {
            MimeMessage message = note.compose(mailer.session(), signup, link(signup), clock.instant(), messageDomain);
            Mailer.Answer answer = channel.send(message, note.envelopeFrom(), signup.email());
            if (answer instanceof Mailer.Answer.Refused refused) {
                LOG.warn("join: the confirmation note for signup {} was refused ({}): {}", signup.id(), refused.refusal(), refused.reason());
            }
        } catch (RenderException e) {
            LOG.error("join: the confirmation note cannot be written: {}:{}: {}", e.file(), e.line(), e.reason());
        } catch (RuntimeException e) {
            LOG.error("join: the confirmation note for signup {} failed", signup.id(), e);
        }
    }

    @Override
    public void close() {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(30, TimeUnit.SECONDS)) LOG.warn("join: confirmation notes still unsent at stop");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        mailer.close();
    }
}
