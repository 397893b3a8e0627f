package rapport.render;

import java.util.List;

/**
 * One rendered note for one customer, exactly as it will be sent. Immutable.
 *
 * @param run the run key: with the customer it fixes the Message-ID and every token
 */
public record Note(
        long customerId,
        String run,
        String piece,
        String kind,
        String toAddress,
        String toName,
        String subject,
        String text,
        String html,
        String messageId,
        String replyTo,
        String envelopeFrom,
        List<String> listUnsubscribe) {}
