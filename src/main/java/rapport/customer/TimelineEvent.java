package rapport.customer;

import java.time.Instant;

/**
 * One entry on a customer's timeline: a note sent, an open, a click, a reply, a bounce,
 * an unsubscribe or a stage change. {@code piece} and {@code detail} may be null.
 */
public record TimelineEvent(String type, Instant at, String piece, String detail) {}
