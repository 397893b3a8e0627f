package rapport.tracking;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import rapport.club.PendingSignup;
import rapport.club.Signups;

/**
 * What the join and confirmation pages need when {@code signup.enabled} is on: where signups wait
 * ({@code signups}), how a confirmation note goes out ({@code notes}, which must return at once),
 * the interests offered, how many days a signup may wait for its confirmation, the ladder's first
 * stage, and the zone in which "joined today" is a day ({@code schedule.time_zone}). Immutable.
 */
public record JoinSetup(Signups signups, Notes notes, List<String> offered, int confirmWithinDays, String firstStage, ZoneId zone) {
    /** Sends a confirmation note without making the page wait (see {@link ConfirmationMailer}). */
    @FunctionalInterface
    public interface Notes {
        void send(PendingSignup signup);
    }

    public JoinSetup {
        Objects.requireNonNull(signups);
        Objects.requireNonNull(notes);
        offered = List.copyOf(offered);
        if (confirmWithinDays < 1) throw new IllegalArgumentException("confirmWithinDays must be at least 1");
    }
}
