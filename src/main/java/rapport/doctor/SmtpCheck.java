package rapport.doctor;

import rapport.config.Reasons;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import rapport.config.RapportConfig;

/**
 * The SMTP server the send uses, walked through a send without sending: connect, EHLO,
 * STARTTLS as configured, AUTH when a username is set, then {@code MAIL FROM:<reply_to>} and
 * {@code RCPT TO:<sender.address>}, then RSET and QUIT, so no message is ever handed over.
 * Without {@code smtp.host} messages go to the outbox, which needs no server.
 */
final class SmtpCheck extends OneLine {
    static final String NAME = "smtp";
    /** The longest a doctor waits on any step, even when a send is configured to wait longer. */
    private static final int MAX_WAIT_SECONDS = 10;
    private final RapportConfig.Smtp smtp;
    private final RapportConfig.Sender sender;

    SmtpCheck(RapportConfig.Smtp smtp, RapportConfig.Sender sender) {
        super(NAME);
        this.smtp = smtp;
        this.sender = sender;
    }

    @Override
    Finding check() {
        if (smtp.host().isEmpty()) {
            return Finding.ok(NAME, "no smtp.host: messages are written to " + smtp.outbox() + " as .eml files");
        }
        return check(smtp.host().get());
    }

    private Finding check(String host) {
        String where = host + ":" + smtp.port();
        String protocol = smtp.tls() == RapportConfig.Tls.SSL ? "smtps" : "smtp";
        boolean login = !smtp.username().isEmpty();
        SMTPTransport transport;
        try {
            transport = (SMTPTransport) Session.getInstance(properties(host, protocol, login)).getTransport(protocol);
        } catch (MessagingException e) {
            throw new IllegalStateException("Jakarta Mail has no " + protocol + " transport", e);
        }
        try {
            transport.connect(host, smtp.port(), login ? smtp.username() : null, login ? smtp.password() : null);
        } catch (AuthenticationFailedException e) {
            return Finding.problem(NAME, where + " refused the login of " + smtp.username() + ": " + Reasons.of(e),
                    "correct smtp.username and smtp.password");
        } catch (MessagingException e) {
            return Finding.problem(NAME, "cannot connect to " + where + " (tls: " + tlsWord() + "): " + Reasons.of(e),
                    "start the SMTP server, or correct smtp.host, smtp.port and smtp.tls");
        }
        try {
            String from = "MAIL FROM:<" + sender.replyTo() + ">";
            int code = transport.simpleCommand(from);
            if (code != 250) return refused(where, from, transport);
            String to = "RCPT TO:<" + sender.address() + ">";
            code = transport.simpleCommand(to);
            if (code != 250 && code != 251) return refused(where, to, transport);
            transport.simpleCommand("RSET");
            String how = (smtp.tls() == RapportConfig.Tls.NONE ? "" : tlsWord() + ", ") + (login ? "logged in as " + smtp.username() + ", " : "");
            return Finding.ok(NAME, where + " (" + how + "no message sent) accepts MAIL FROM:<" + sender.replyTo()
                    + "> and RCPT TO:<" + sender.address() + ">");
        } catch (MessagingException e) {
            return Finding.problem(NAME, where + " broke off the test dialogue: " + Reasons.of(e),
                    "look at the SMTP server's log for why it dropped the connection");
        } finally {
            close(transport);
        }
    }

    private static Finding refused(String where, String command, SMTPTransport transport) {
        return Finding.problem(NAME, where + " refused " + command + ": " + transport.getLastServerResponse().strip(),
                "let this server relay for the sender (log in with smtp.username, or allow this host), and check sender.reply_to");
    }

    private String tlsWord() {
        return smtp.tls().name().toLowerCase(java.util.Locale.ROOT);
    }

    private Properties properties(String host, String protocol, boolean login) {
        String wait = String.valueOf(Math.min(smtp.timeoutSeconds(), MAX_WAIT_SECONDS) * 1000L);
        Properties p = new Properties();
        String prefix = "mail." + protocol + ".";
        p.put(prefix + "host", host);
        p.put(prefix + "port", String.valueOf(smtp.port()));
        p.put(prefix + "connectiontimeout", wait);
        p.put(prefix + "timeout", wait);
        p.put(prefix + "writetimeout", wait);
        p.put(prefix + "auth", String.valueOf(login));
        if (smtp.tls() == RapportConfig.Tls.STARTTLS) {
            p.put(prefix + "starttls.enable", "true");
            p.put(prefix + "starttls.required", "true");
        }
        return p;
    }

    private static void close(SMTPTransport transport) {
        try {
            transport.close();
        } catch (MessagingException e) {
            // the server may already have hung up; nothing was sent either way
        }
    }
}
