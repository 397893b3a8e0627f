package rapport.feedback;

import java.time.Instant;

/**
 * A reply a customer wrote, as the replies queue shows it: who, when, what they said, and
 * whether someone answered it yet ({@code answeredAt} null while it waits). Immutable.
 */
public record ReplyEntry(long id, long customerId, String email, String name, Instant receivedAt, String from,
                         String subject, String snippet, Instant answeredAt) {
    public boolean waiting() {
        return answeredAt == null;
    }
}
