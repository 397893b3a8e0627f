package rapport.delivery;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import rapport.config.RapportConfig;
import rapport.dkim.DkimSigner;

/**
 * Where messages go: an SMTP server or the outbox folder. A worker opens one {@link Channel}
 * and reuses it for every message it sends; a channel connects on its first message. Every
 * answer a server may give is a {@link Answer}, not an exception: refusals are part of sending.
 * Implementations are thread-safe; channels are not. Close the mailer when the send is over.
 */
public interface Mailer extends AutoCloseable {

    /**
     * The configured way out: the SMTP server of {@code smtp.host}, or the outbox folder when
     * there is none; every message DKIM-signed on the way when {@code dkim} is configured.
     */
    static Mailer of(RapportConfig config) {
        RapportConfig.Smtp smtp = config.smtp();
        Mailer plain = smtp.host().isPresent() ? new SmtpMailer(smtp) : new OutboxMailer(smtp.outbox());
        return config.dkim().<Mailer>map(d -> new SigningMailer(plain, new DkimSigner(d.domain(), d.selector(), d.key()))).orElse(plain);
    }

    Channel open();

    /** The mail session messages for this mailer are built in. */
    Session session();

    /** One connection, used by one worker at a time. */
    interface Channel extends AutoCloseable {
        /** Hands one message over; {@link Answer.Accepted} only when the server took it. */
        Answer send(MimeMessage message, String envelopeFrom, String recipient);

        @Override
        void close();
    }

    /** What the server said to one message. */
    sealed interface Answer {
        record Accepted() implements Answer {}

        record Refused(Refusal refusal, String reason) implements Answer {}

        Accepted ACCEPTED = new Accepted();
    }

    /** Why a message was not accepted, and what that means for the run. */
    enum Refusal {
        /** Try again later (4xx). */
        TEMPORARY,
        /** This address is refused for good: the customer bounces. */
        RECIPIENT,
        /** This message is refused. */
        REJECTED,
        /**
         * Refused for a reason about the sender, not the address (5.7.26 authentication, a block
         * list, spam or policy, no PTR, rate): the note fails, the customer stays active, and
         * refusals that pile up pause the run with what to check.
         */
        SENDER,
        /** The server is unreachable or refuses everyone: the connection is dropped, and many in a row pause the run. */
        CONNECTION
    }

    @Override
    default void close() {
    }
}
