package rapport.delivery;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import rapport.dkim.DkimSigner;

/**
 * Signs every message with DKIM on its way into the mailer it wraps, SMTP or the outbox alike, so
 * no way out can forget it: the send's notes and the join confirmations go through here.
 * Thread-safe as the signer and the wrapped mailer are; a channel belongs to one worker.
 */
final class SigningMailer implements Mailer {
    private final Mailer mailer;
    private final DkimSigner signer;

    SigningMailer(Mailer mailer, DkimSigner signer) {
        this.mailer = mailer;
        this.signer = signer;
    }

    @Override
    public Session session() {
        return mailer.session();
    }

    @Override
    public Channel open() {
        Channel channel = mailer.open();
        return new Channel() {
            @Override
            public Answer send(MimeMessage message, String envelopeFrom, String recipient) {
                MimeMessage signed;
                try {
                    signed = signer.sign(message);
                } catch (MessagingException e) {
                    return new Answer.Refused(Refusal.REJECTED, "cannot sign the message with DKIM: " + e.getMessage());
                }
                return channel.send(signed, envelopeFrom, recipient);
            }

            @Override
            public void close() {
                channel.close();
            }
        };
    }

    @Override
    public void close() {
        mailer.close();
    }
}
