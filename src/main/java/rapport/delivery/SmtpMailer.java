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

/**
 * Delivers over SMTP with Jakarta Mail: one long-lived connection per channel, connect, read and
 * write timeouts always set, and every server answer classified by its reply code (4xx retry,
 * 5xx on a recipient bounce, anything that breaks the connection a connection fault).
 * Thread-safe; each channel belongs to one worker.
 */
public final class SmtpMailer implements Mailer {
    /** Every connection's write timeout, on one thread for the life of the process. */
    private static final CoarseTimer WRITE_TIMEOUTS = new CoarseTimer("rapport-smtp-write-timeouts");

    private final RapportConfig.Smtp smtp;
    private final Session session;

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
        p.put("mail." + protocol + ".executor.writetimeout", WRITE_TIMEOUTS);
        p.put("mail." + protocol + ".auth", String.valueOf(!smtp.username().isEmpty()));
        if (smtp.tls() == RapportConfig.Tls.STARTTLS) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        this.session = Session.getInstance(p);
    }

    public Session session() {
        return session;
    }

    @Override
    public Channel open() throws DeliveryException {
        try {
            Transport transport = session.getTransport();
            transport.connect(smtp.host().orElseThrow(), smtp.port(),
                    smtp.username().isEmpty() ? null : smtp.username(), smtp.username().isEmpty() ? null : smtp.password());
            return new SmtpChannel(transport);
        } catch (MessagingException e) {
            throw new DeliveryException(DeliveryException.Kind.CONNECTION,
                    "cannot connect to " + smtp.host().orElseThrow() + ":" + smtp.port() + ": " + describe(e), e);
        }
    }

    private static final class SmtpChannel implements Channel {
        private final Transport transport;

        SmtpChannel(Transport transport) {
            this.transport = transport;
        }

        @Override
        public void send(MimeMessage message, String envelopeFrom, String recipient) throws DeliveryException {
            try {
                if (message instanceof SMTPMessage smtpMessage) smtpMessage.setEnvelopeFrom(envelopeFrom);
                transport.sendMessage(message, new Address[] {new InternetAddress(recipient)});
            } catch (SMTPAddressFailedException e) {
                throw classify(e.getReturnCode(), DeliveryException.Kind.RECIPIENT, e);
            } catch (SMTPSenderFailedException e) {
                // MAIL FROM refused: the server refuses us, not this customer.
                throw classify(e.getReturnCode(), DeliveryException.Kind.CONNECTION, e);
            } catch (SMTPSendFailedException e) {
                if (e.getNextException() instanceof SMTPAddressFailedException a) {
                    throw classify(a.getReturnCode(), DeliveryException.Kind.RECIPIENT, a);
                }
                // Angus reports a refused MAIL FROM (4xx or 5xx) as this exception, not as an
                // SMTPSenderFailedException: the server refuses us, not this customer.
                if (e.getCommand() != null && e.getCommand().regionMatches(true, 0, "MAIL FROM", 0, 9)) {
                    throw new DeliveryException(DeliveryException.Kind.CONNECTION,
                            (e.getReturnCode() < 400 ? "connection lost at MAIL FROM: " : "sender refused: ") + describe(e), e);
                }
                throw classify(e.getReturnCode(), DeliveryException.Kind.REJECTED, e);
            } catch (SendFailedException e) {
                if (e.getNextException() instanceof SMTPAddressFailedException a) {
                    throw classify(a.getReturnCode(), DeliveryException.Kind.RECIPIENT, a);
                }
                throw new DeliveryException(DeliveryException.Kind.REJECTED, describe(e), e);
            } catch (MessagingException e) {
                throw new DeliveryException(DeliveryException.Kind.CONNECTION, "connection lost: " + describe(e), e);
            }
        }

        @Override
        public void close() {
            try {
                transport.close();
            } catch (MessagingException ignored) {
                // The connection is going away either way.
            }
        }
    }

    /**
     * 4xx: try again later; 5xx: as the caller says (a refused recipient, message or sender);
     * no reply at all (Angus says -1 when the connection broke) or 421: a connection fault.
     */
    static DeliveryException classify(int code, DeliveryException.Kind permanent, MessagingException e) {
        DeliveryException.Kind kind = code >= 400 && code < 500 ? DeliveryException.Kind.TEMPORARY : permanent;
        if (code == 421 || code < 400 || code > 599) kind = DeliveryException.Kind.CONNECTION; // closing, or gone
        return new DeliveryException(kind, code + " " + describe(e), e);
    }

    static String describe(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !m.contains(cause.getMessage())) m += " (" + cause.getMessage() + ")";
        return m.replaceAll("\\s+", " ");
    }
}
