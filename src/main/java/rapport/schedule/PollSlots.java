package rapport.schedule;

import java.time.Instant;
import java.util.Optional;

/**
 * The slots of {@code schedule.poll} that a node has taken, as the store keeps them: how the
 * nodes of a cluster agree that one of them reads the mailbox for a slot. Implementations are
 * thread-safe.
 */
public interface PollSlots {
    /**
     * Takes {@code slot} for {@code node}, at {@code now}, unless a node took it before: empty when
     * the slot is now {@code node}'s to poll, otherwise the node that holds it (possibly
     * {@code node} itself, for a second fire of a slot on the same node).
     */
    Optional<String> take(Instant slot, String node, Instant now);

    /** Forgets the slots before {@code before}: no fire of them can come any more. */
    void forgetBefore(Instant before);
}
