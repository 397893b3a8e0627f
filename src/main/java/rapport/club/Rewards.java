package rapport.club;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where invited friends wait to count and rewards wait for the owner. The store implements it at
 * the edge; each call is one transaction. Implementations are thread-safe.
 */
public interface Rewards {
    /** What one counting pass did. */
    record Tally(int counted, int held, int lapsed, int earned) {
        public static final Tally NONE = new Tally(0, 0, 0, 0);
    }

    /**
     * One line of the owner's list: a reward earned at milestone {@code at} (waiting, approved,
     * sent or declined), or a referral held with its {@code reason} ({@code at}: the count it
     * would make, {@code piece}: the reward that count would earn, if any).
     */
    record Entry(long id, String email, Integer at, String piece, String state, String reason, Instant createdAt,
                 Instant decidedAt, Instant sentAt) {}

    /** What the owner's yes or no did. */
    sealed interface Decision {
        record Done(Entry entry) implements Decision {}

        /** Nothing changed, for this reason (already decided, or no such reward). */
        record Refused(String reason) implements Decision {}
    }

    /**
     * Judges every invited friend whose time has come at {@code now}: counts the real ones (a
     * {@code referral} event, the inviter's count up by one, a reward waiting at a milestone),
     * holds the doubtful ones for the owner, lets go of those who left.
     */
    Tally count(Instant now, ReferralRules rules);

    /** Marks as sent the approved rewards whose piece has gone out since; how many. */
    int settleSent(Instant now);

    /** Every reward and held referral, newest first. */
    List<Entry> list();

    Decision approve(long id, Instant now, ReferralRules rules);

    Decision decline(long id, Instant now);

    /** The approved rewards not sent yet, one per customer (the oldest): customer id to piece. */
    Map<Long, String> toSend();
}
