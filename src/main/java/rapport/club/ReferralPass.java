package rapport.club;

import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import rapport.feedback.StagePass;

/**
 * The club's part of every stage pass, on the command's clock: approved rewards whose piece has
 * gone out are marked sent, then invited friends whose time has come are counted, held or let go.
 * Thread-safe when its store is.
 */
public final class ReferralPass implements StagePass.Waiting {
    private static final Logger LOG = LoggerFactory.getLogger(ReferralPass.class);

    private final Rewards rewards;
    private final ReferralRules rules;

    public ReferralPass(Rewards rewards, ReferralRules rules) {
        this.rewards = rewards;
        this.rules = rules;
    }

    @Override
    public void settle(Instant now) {
        rewards.settleSent(now);
        Rewards.Tally tally = rewards.count(now, rules);
        if (tally.counted() + tally.held() > 0) {
            LOG.info("referrals: {} counted, {} held for the owner, {} rewards earned (rapport rewards)",
                    tally.counted(), tally.held(), tally.earned());
        }
    }
}
