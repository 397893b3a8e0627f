package rapport.club;

import java.util.Optional;
import rapport.customer.Status;

/**
 * Whether a friend who joined through an invitation counts for the inviter, once they have stayed
 * long enough: a friend who left before that simply does not count; one who looks like the
 * inviter's own mailbox, a throwaway mailbox, one of a burst of signups from one client address,
 * or an address the shop already knew, is held for the owner with the reason, never counted or
 * dropped silently. Stateless.
 */
public final class ReferralCheck {
    /** Signups from one client address within a day, this one included, that make a burst. */
    public static final int BURST = 3;

    private ReferralCheck() {}

    /**
     * What is known of one invited friend when their time has come.
     *
     * @param prior             the friend's status before they joined, or null for a new address
     * @param client            the client address their join form came from, or null
     * @param signupsFromClient signups from that client address within a day either side of theirs
     */
    public record Friend(long referralId, long inviterId, String inviterEmail, String friendEmail, Status friendStatus,
                         Status prior, String client, int signupsFromClient) {}

    /** What the stage pass does with an invited friend. Immutable. */
    public sealed interface Verdict {
        /** A real new friend, still subscribed: one more for the inviter. */
        record Counts() implements Verdict {}

        /** Might not be real: waits for the owner's yes ({@code rewards approve}) or no. */
        record Held(String reason) implements Verdict {}

        /** Left before it counted: not a friend who stayed. */
        record Lapsed(String reason) implements Verdict {}
    }

    public static Verdict judge(Friend f, ThrowawayDomains throwaway, int countAfterDays) {
        if (f.friendStatus() != Status.ACTIVE) {
            return new Verdict.Lapsed("the friend's address " + f.friendStatus().label() + " within " + countAfterDays + " days");
        }
        Optional<String> self = Mailboxes.sameAs(f.inviterEmail(), f.friendEmail());
        if (self.isPresent()) return new Verdict.Held("self-invitation: " + f.friendEmail() + " is " + self.get());
        if (throwaway.covers(f.friendEmail())) {
            return new Verdict.Held("throwaway mailbox: " + f.friendEmail() + " is at a domain that hands out mailboxes for minutes");
        }
        if (f.client() != null && !f.client().isBlank() && f.signupsFromClient() >= BURST) {
            return new Verdict.Held("burst: one of " + f.signupsFromClient() + " signups from " + f.client() + " within a day");
        }
        if (f.prior() != null) {
            return new Verdict.Held(f.prior() == Status.ACTIVE ? "not a new friend: " + f.friendEmail() + " was already on the list"
                    : "not a new friend: " + f.friendEmail() + " had been on the list before (" + f.prior().label() + ")");
        }
        return new Verdict.Counts();
    }
}
