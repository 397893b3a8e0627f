package rapport.selection;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Function;
import rapport.customer.Customer;
import rapport.customer.SendHistory;

/** The "due?" rules, each a small named function. Stateless. */
final class Cadence {
    private Cadence() {}

    /**
     * Silence counts from the last engagement (open, click, reply), or from the last note or
     * {@code joined_at} when there is none.
     */
    static Optional<LocalDate> silentSince(Customer c, Function<Instant, LocalDate> day) {
        if (c.lastEngagedAt() != null) return Optional.of(day.apply(c.lastEngagedAt()));
        if (c.lastNoteAt() != null) return Optional.of(day.apply(c.lastNoteAt()));
        return c.joinedOn();
    }

    static boolean isDormant(Policy policy, Customer c, LocalDate today, Function<Instant, LocalDate> day) {
        return silentSince(c, day)
                .map(since -> policy.dormancy().isDormant(since, today))
                .orElse(false);
    }

    static Due due(Policy policy, Situation s) {
        Customer c = s.customer();
        LocalDate today = s.today();
        boolean dormant = s.dormant();
        Function<Instant, LocalDate> day = s.day();
        Optional<Due.No> held = held(s);
        if (held.isPresent()) return held.get();
        Integer stageCadence = policy.cadenceByStage().get(c.stage());
        if (stageCadence == null) {
            return new Due.No("stage \"" + c.stage() + "\" is not in the configured ladder", Optional.empty(),
                    Due.Hold.UNKNOWN_STAGE);
        }
        if (c.lastNoteAt() == null) return new Due.Yes("never contacted", dormant);
        int cadence = dormant ? policy.dormantCadenceDays()
                : c.fewerNotes() ? Math.max(stageCadence, policy.dormantCadenceDays()) : stageCadence;
        String cadenceName = dormant
                ? "dormant (silent " + Selector.age(silentSince(c, day).orElseThrow(), today) + " days) waits " + cadence
                : c.fewerNotes() ? "they asked for fewer notes: waits " + cadence
                : "stage " + c.stage() + " waits " + cadence;
        LocalDate lastNote = day.apply(c.lastNoteAt());
        long since = Selector.age(lastNote, today);
        if (since < cadence) {
            return new Due.No("last note " + ago(since) + "; " + cadenceName + " days between notes",
                    Optional.of(lastNote.plusDays(cadence)), Due.Hold.CADENCE);
        }
        Optional<Due.No> capped = cap(policy, s.history(), today, day);
        if (capped.isPresent()) return capped.get();
        return new Due.Yes("last note " + ago(since) + "; " + cadenceName + " days between notes", dormant);
    }

    /**
     * An approved reward goes whatever the cadence, the stage and dormancy: only what holds every
     * note (their status, a reply waiting for a personal answer, their own pause) and the hard cap
     * keep it back.
     */
    static Due rewardDue(Policy policy, Situation s, String piece) {
        Optional<Due.No> held = held(s);
        if (held.isPresent()) return held.get();
        Optional<Due.No> capped = cap(policy, s.history(), s.today(), s.day());
        if (capped.isPresent()) return capped.get();
        return new Due.Yes("an approved reward waits (rapport rewards): " + piece
                + " goes whatever the cadence and the piece's stages", false);
    }

    /** What holds every note, a reward's too: the status, a reply waiting for an answer, their own pause. */
    private static Optional<Due.No> held(Situation s) {
        Customer c = s.customer();
        if (!c.status().mailable()) return Optional.of(new Due.No("status is " + c.status().label(), Optional.empty(), Due.Hold.SUPPRESSED));
        if (c.awaitingReply()) {
            return Optional.of(new Due.No("they wrote to us and wait for a personal answer (see `rapport replies`)", Optional.empty(),
                    Due.Hold.AWAITING_REPLY));
        }
        if (c.wishes().pausedUntil() != null && c.wishes().pausedUntil().isAfter(s.asOf())) {
            LocalDate until = s.day().apply(c.wishes().pausedUntil());
            return Optional.of(new Due.No("paused by them until " + until, Optional.of(until), Due.Hold.PAUSED));
        }
        return Optional.empty();
    }

    /** The hard cap: fewer than max_notes notes on the last per_days calendar days. */
    private static Optional<Due.No> cap(Policy policy, SendHistory history, LocalDate today,
                                        Function<Instant, LocalDate> day) {
        LocalDate windowStart = today.minusDays(policy.perDays() - 1L);
        LocalDate earliest = null;
        int count = 0;
        for (Instant note : history.recentNotes()) {
            LocalDate d = day.apply(note);
            if (d.isBefore(windowStart)) continue; // a note dated after today was just sent: it counts
            count++;
            if (earliest == null || d.isBefore(earliest)) earliest = d;
        }
        if (count < policy.maxNotes()) return Optional.empty();
        return Optional.of(new Due.No("cap reached: " + count + " notes in the last " + policy.perDays()
                + " days (limits.max_notes " + policy.maxNotes() + ")", Optional.of(earliest.plusDays(policy.perDays())), Due.Hold.CAP));
    }

    static String ago(long days) {
        if (days == 0) return "today";
        if (days == 1) return "1 day ago";
        return days + " days ago";
    }
}
