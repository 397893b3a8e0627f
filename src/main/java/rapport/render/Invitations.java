package rapport.render;

import java.util.List;
import java.util.Set;
import rapport.config.RapportConfig;
import rapport.customer.Customer;
import rapport.customer.Status;

/**
 * Who gets a personal invitation link ({@code links.referral}): active customers at a stage of
 * {@code referrals.stages}, while the join page is open ({@code signup.enabled}), since the link
 * leads there. Immutable.
 */
public record Invitations(boolean open, Set<String> stages) {
    public static final Invitations NONE = new Invitations(false, Set.of());

    public Invitations {
        stages = Set.copyOf(stages);
    }

    public static Invitations from(RapportConfig config) {
        return new Invitations(config.signup().enabled(), Set.copyOf(config.referrals().stages()));
    }

    public boolean offered(Customer customer) {
        return atStage(customer.stage()) && customer.status() == Status.ACTIVE;
    }

    /** Whether customers at this stage get the link. */
    public boolean atStage(String stage) {
        return open && stages.contains(stage);
    }

    /** The stages among {@code audience} that get no link, in their order. */
    public List<String> without(List<String> audience) {
        return audience.stream().filter(stage -> !atStage(stage)).toList();
    }
}
