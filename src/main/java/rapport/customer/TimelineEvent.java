package rapport.customer;

import java.time.Instant;

/**
 * One entry on a customer's timeline: a note sent, an open, a click, a reply (or an automatic
 * one), a bounce, an unsubscribe, a preference or a stage change. {@code piece}, {@code detail}
 * and {@code run} (the run of the message it concerns) may be null; {@code machine} marks an
 * open or click made by a proxy or scanner rather than a person. A note has at most one human
 * open (and one machine open) however often its pixel is fetched: {@code fetches} says how often
 * that was, on an open, and is 0 on anything else. Immutable.
 */
public record TimelineEvent(String type, Instant at, String piece, String detail, String run, boolean machine, int fetches) {
    public TimelineEvent(String type, Instant at, String piece, String detail, String run, boolean machine) {
        this(type, at, piece, detail, run, machine, 0);
    }

    public TimelineEvent(String type, Instant at, String piece, String detail) {
        this(type, at, piece, detail, null, false);
    }
}
