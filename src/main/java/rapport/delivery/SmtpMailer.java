package rapport.delivery;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import rapport.config.RapportConfig;
import rapport.feedback.BounceReasons;

/**
 * Delivers over SMTP with Jakarta Mail: one long-lived connection per channel, connect, read and
 * write timeouts always set, and every server answer classified by its reply code (4xx retry,
 * 5xx on a recipient bounce, anything that breaks the connection a connection fault).
 * Thread-safe; each channel belongs to one worker.
 */
public final class SmtpMailer implements Mailer {
    /** The reason rules bounce mails are read by: one truth for refusals at send time and bounces after. */
    private static final BounceReasons REASONS = BounceReasons.standard();

    private final RapportConfig.Smtp smtp;
    private final Session session;
    /** Every connection's write timeout, on one thread for the life of this mailer. */
    private final CoarseTimer writeTimeouts = new CoarseTimer("rapport-smtp-write-timeouts");

    public SmtpMailer(RapportConfig.Smtp smtp) {
        this.smtp = smtp;
        Properties p = new Properties();
        String protocol = smtp.tls() == RapportConfig.Tls.SSL ? "smtps" : "smtp";
        String timeout = String.valueOf(smtp.timeoutSeconds() * 1000L);
        p.put("mail.transport.protocol", protocol);
        p.put("mail." + protocol + ".host", smtp.host().orElseThrow());
        p.put("mail." + protocol + ".port", String.valueOf(smtp.port()));
        p.put("mail." + protocol + ".connectiontimeout", timeout);
        p.put("mail." + protocol + ".timeout", timeout);
        p.put("mail." + protocol + ".writetimeout", timeout);
        p.put("mail." + protocol + ".executor.writetimeout", writeTimeouts);
        p.put("mail." + protocol + ".auth", String.valueOf(!smtp.username().isEmpty()));
        if (smtp.tls() == RapportConfig.Tls.STARTTLS) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        this.session = Session.getInstance(p);
    }

    @Override
    public Session session() {
        return session;
    }

    @Override
    public Channel open() {
        return new SmtpChannel();
    }

    @Override
    public void close() {
        writeTimeouts.shutdownNow();
    }

    /** One connection, made on the first message and again after a connection fault dropped it. */
    private final class SmtpChannel implements Channel {
        private Transport transport;

        @Override
        public Answer send(MimeMessage message, String envelopeFrom, String recipient) {
            if (transport == null) {
                try {
                    transport = connect();
                } catch (MessagingException e) {
                    return new Answer.Refused(Refusal.CONNECTION,
                            "cannot connect to " + smtp.host().orElseThrow() + ":" + smtp.port() + ": " + describe(e));
                }
            }
            Answer answer = handOver(message, envelopeFrom, recipient);
            if (answer instanceof Answer.Refused refused && refused.refusal() == Refusal.CONNECTION) close();
            return answer;
        }

        private Answer handOver(MimeMessage message, String envelopeFrom, String recipient) {
            try {
                if (message instanceof SMTPMessage smtpMessage) smtpMessage.setEnvelopeFrom(envelopeFrom);
                transport.sendMessage(message, new Address[] {new InternetAddress(recipient)});
                return Answer.ACCEPTED;
            } catch (SMTPAddressFailedException e) {
                return classify(e.getReturnCode(), Refusal.RECIPIENT, e);
            } catch (SMTPSenderFailedException e) {
                // MAIL FROM refused: the server refuses us, not this customer.
                return classify(e.getReturnCode(), Refusal.CONNECTION, e);
            } catch (SMTPSendFailedException e) {
                if (e.getNextException() instanceof SMTPAddressFailedException a) return classify(a.getReturnCode(), Refusal.RECIPIENT, a);
                // Angus reports a refused MAIL FROM (4xx or 5xx) as this exception, not as an
                // SMTPSenderFailedException: the server refuses us, not this customer.
                if (e.getCommand() != null && e.getCommand().regionMatches(true, 0, "MAIL FROM", 0, 9)) {
                    return new Answer.Refused(Refusal.CONNECTION,
                            (e.getReturnCode() < 400 ? "connection lost at MAIL FROM: " : "sender refused: ") + describe(e));
                }
                return classify(e.getReturnCode(), Refusal.REJECTED, e);
            } catch (SendFailedException e) {
                if (e.getNextException() instanceof SMTPAddressFailedException a) return classify(a.getReturnCode(), Refusal.RECIPIENT, a);
                return new Answer.Refused(Refusal.REJECTED, describe(e));
            } catch (MessagingException e) {
                return new Answer.Refused(Refusal.CONNECTION, "connection lost: " + describe(e));
            }
        }

        @Override
        public void close() {
            if (transport == null) return;
            try {
                transport.close();
            } catch (MessagingException ignored) {
                // The connection is going away either way.
            }
            transport = null;
        }
    }

    private Transport connect() throws MessagingException {
        Transport transport = session.getTransport();
        transport.connect(smtp.host().orElseThrow(), smtp.port(),
                smtp.username().isEmpty() ? null : smtp.username(), smtp.username().isEmpty() ? null : smtp.password());
        return transport;
    }

    /**
     * 4xx: try again later; 5xx: as the caller says (a refused recipient, message or sender),
     * read by the same reason rules as a bounce mail: a 5xx about the sender (5.7.26, a block
     * list, spam, policy) is {@link Refusal#SENDER} and a temporary state of the mailbox (full,
     * suspended) fails the note without bouncing the customer; no reply at all (Angus says -1
     * when the connection broke) or 421: a connection fault.
     */
    static Answer.Refused classify(int code, Refusal permanent, MessagingException e) {
        Refusal refusal = code >= 400 && code < 500 ? Refusal.TEMPORARY : permanent;
        if (code == 421 || code < 400 || code > 599) refusal = Refusal.CONNECTION; // closing, or gone
        String words = describe(e);
        String said = words.startsWith(code + " ") || words.startsWith(code + "-") ? words : code + " " + words;
        if (refusal == Refusal.RECIPIENT || refusal == Refusal.REJECTED) {
            BounceReasons.Reason reason = REASONS.classify(BounceReasons.codeInReply(said), said);
            if (reason.verdict() == BounceReasons.Verdict.SENDER) {
                return new Answer.Refused(Refusal.SENDER, "refused about the sender (" + reason.topic() + "): " + said);
            }
            if (refusal == Refusal.RECIPIENT && reason.verdict() != BounceReasons.Verdict.HARD) refusal = Refusal.REJECTED;
        }
        return new Answer.Refused(refusal, said);
    }

    static String describe(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !m.contains(cause.getMessage())) m += " (" + cause.getMessage() + ")";
        return m.replaceAll("\\s+", " ");
    }
}
