package rapport.delivery;

import jakarta.mail.internet.MimeMessage;

/**
 * Where messages go: an SMTP server or the outbox folder. A worker opens one {@link Channel}
 * and reuses it for every message it sends. Implementations are thread-safe; channels are not.
 */
public interface Mailer {

    Channel open() throws DeliveryException;

    /** One open connection, used by one worker at a time. */
    interface Channel extends AutoCloseable {
        /** Sends one message; returns normally only when the server accepted it. */
        void send(MimeMessage message, String envelopeFrom, String recipient) throws DeliveryException;

        @Override
        void close();
    }

    /** Why a message was not accepted, and what that means for the run. */
    final class DeliveryException extends Exception {
        /** TEMPORARY: retry later; RECIPIENT: this address is refused for good; REJECTED: this message is refused;
         *  CONNECTION: the server is unreachable or refuses everyone. */
        public enum Kind { TEMPORARY, RECIPIENT, REJECTED, CONNECTION }

        private final Kind kind;

        public DeliveryException(Kind kind, String message, Throwable cause) {
            super(message, cause);
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }
    }
}
