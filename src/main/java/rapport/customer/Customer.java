package rapport.customer;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One person and the summary of their relationship, as the store holds it. Immutable.
 *
 * @param lastNoteAt    the last note we sent, or the {@code last_contact_at} the shop imported
 * @param lastEngagedAt the last human open, click or reply
 * @param lastKind      the kind of the last note Rapport sent
 * @param awaitingReply they wrote to us and still wait for a personal answer
 * @param fewerNotes    they asked for fewer notes: the slow (dormant) cadence applies to them
 * @param dormantSince  when the stage rules found them silent long enough to be dormant, or null
 * @param wishes        what they told us on the preferences and rating pages
 * @param circle        the friends they brought, and who brought them
 */
public record Customer(
        long id,
        String email,
        String firstName,
        String lastName,
        String stage,
        Status status,
        LocalDate joinedAt,
        Instant lastNoteAt,
        Instant lastEngagedAt,
        String lastKind,
        boolean awaitingReply,
        List<String> interests,
        Map<String, String> attributes,
        Engagement engagement,
        boolean fewerNotes,
        Instant dormantSince,
        Wishes wishes,
        Circle circle) {

    public Customer {
        if (wishes == null) wishes = Wishes.NONE;
        if (circle == null) circle = Circle.NONE;
    }

    public Customer(long id, String email, String firstName, String lastName, String stage, Status status,
                    LocalDate joinedAt, Instant lastNoteAt, Instant lastEngagedAt, String lastKind, boolean awaitingReply,
                    List<String> interests, Map<String, String> attributes, Engagement engagement, boolean fewerNotes,
                    Instant dormantSince, Wishes wishes) {
        this(id, email, firstName, lastName, stage, status, joinedAt, lastNoteAt, lastEngagedAt, lastKind, awaitingReply,
                interests, attributes, engagement, fewerNotes, dormantSince, wishes, Circle.NONE);
    }

    public Customer(long id, String email, String firstName, String lastName, String stage, Status status,
                    LocalDate joinedAt, Instant lastNoteAt, Instant lastEngagedAt, String lastKind, boolean awaitingReply,
                    List<String> interests, Map<String, String> attributes, Engagement engagement, boolean fewerNotes,
                    Instant dormantSince) {
        this(id, email, firstName, lastName, stage, status, joinedAt, lastNoteAt, lastEngagedAt, lastKind, awaitingReply,
                interests, attributes, engagement, fewerNotes, dormantSince, Wishes.NONE);
    }

    public Customer(long id, String email, String firstName, String lastName, String stage, Status status,
                    LocalDate joinedAt, Instant lastNoteAt, Instant lastEngagedAt, String lastKind, boolean awaitingReply,
                    List<String> interests, Map<String, String> attributes, Engagement engagement, boolean fewerNotes) {
        this(id, email, firstName, lastName, stage, status, joinedAt, lastNoteAt, lastEngagedAt, lastKind, awaitingReply,
                interests, attributes, engagement, fewerNotes, null);
    }

    public Customer(long id, String email, String firstName, String lastName, String stage, Status status,
                    LocalDate joinedAt, Instant lastNoteAt, Instant lastEngagedAt, String lastKind, boolean awaitingReply,
                    List<String> interests, Map<String, String> attributes, Engagement engagement) {
        this(id, email, firstName, lastName, stage, status, joinedAt, lastNoteAt, lastEngagedAt, lastKind, awaitingReply,
                interests, attributes, engagement, false, null);
    }

    /**
     * What the customer told us themselves, which outranks what the shop guessed: a pause they
     * asked for (no note before {@code pausedUntil}), the pieces they rated "not for me" (their
     * kind weighs against other pieces for them), and whether they chose their interests on the
     * preferences page (a later import then leaves them alone). Immutable.
     */
    /**
     * The club around the customer: how many friends they brought who counted, and the first name
     * of who brought them (null when they came another way, or that person's name is unknown). Immutable.
     */
    public record Circle(int referrals, String referredBy) {
        public static final Circle NONE = new Circle(0, null);
    }

    public record Wishes(Instant pausedUntil, java.util.Set<String> declinedPieces, boolean interestsChosen) {
        public static final Wishes NONE = new Wishes(null, java.util.Set.of(), false);

        public Wishes {
            declinedPieces = declinedPieces == null ? java.util.Set.of() : java.util.Set.copyOf(declinedPieces);
        }

        public Optional<Instant> pause() { return Optional.ofNullable(pausedUntil); }
    }

    /** Counts of what came back, shown in templates and reports. */
    public record Engagement(int notes, int opens, int clicks, int replies) {
        public static final Engagement NONE = new Engagement(0, 0, 0, 0);
    }

    /** First and last name, either may be missing; empty when both are. */
    public static String fullName(String firstName, String lastName) {
        return ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName)).trim();
    }

    public String fullName() {
        return fullName(firstName, lastName);
    }

    public Optional<LocalDate> joinedOn() { return Optional.ofNullable(joinedAt); }
    public Optional<Instant> lastNote() { return Optional.ofNullable(lastNoteAt); }
    public Optional<Instant> lastEngaged() { return Optional.ofNullable(lastEngagedAt); }
    public Optional<String> lastNoteKind() { return Optional.ofNullable(lastKind); }
}
