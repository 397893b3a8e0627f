package rapport.club;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import rapport.config.RapportConfig;

/**
 * The shop's referral settings as the counting applies them: how long an invited friend must
 * stay, the throwaway domains, and the milestones that earn a reward. Immutable.
 */
public record ReferralRules(int countAfterDays, ThrowawayDomains throwaway, List<RapportConfig.Reward> milestones) {
    public ReferralRules {
        milestones = List.copyOf(milestones);
    }

    public static ReferralRules from(RapportConfig.Referrals referrals) {
        return new ReferralRules(referrals.countAfterDays(), ThrowawayDomains.shippedAnd(referrals.throwawayDomains()),
                referrals.rewards());
    }

    /** Friends who confirmed at or before this instant have stayed long enough at {@code now}. */
    public Instant confirmedBy(Instant now) {
        return now.minus(Duration.ofDays(countAfterDays));
    }

    /** The milestone reached at exactly {@code count} friends, if any. */
    public Optional<RapportConfig.Reward> milestone(int count) {
        return milestones.stream().filter(r -> r.at() == count).findFirst();
    }

    public ReferralCheck.Verdict judge(ReferralCheck.Friend friend) {
        return ReferralCheck.judge(friend, throwaway, countAfterDays);
    }
}
