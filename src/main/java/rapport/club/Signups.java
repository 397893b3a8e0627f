package rapport.club;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import rapport.customer.Status;

/**
 * Where signups wait for their confirmation, and where a confirmed one becomes a customer. The
 * store implements it at the edge. Implementations are thread-safe.
 */
public interface Signups {
    /** The status of the customer with this email key, if there is one (forgotten ones included). */
    Optional<Status> statusOf(String emailKey);

    /** The customer an invitation names, unless they were erased on request. */
    Optional<Inviter> inviter(long customerId);

    /** When the newest signup for this email key was kept (confirmed or not), if any. */
    Optional<Instant> lastSignupAt(String emailKey);

    /** Keeps a pending signup and returns it with its number. */
    PendingSignup add(SignupRequest request);

    /** Drops every signup still unconfirmed that was asked for before {@code before}; how many. */
    int dropUnconfirmed(Instant before);

    Optional<PendingSignup> find(long id);

    /**
     * In one transaction: when signup {@code id} is still waiting and was asked for at or after
     * {@code notBefore}, makes its address an active customer as {@link Joining#mayRejoin} allows
     * (new ones at {@code firstStage}, joined {@code today}, with the chosen interests), marks the
     * signup confirmed and records a {@code signup} event holding the consent.
     */
    Confirmation confirm(long id, Instant now, Instant notBefore, String firstStage, LocalDate today);
}
