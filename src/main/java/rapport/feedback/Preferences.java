package rapport.feedback;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import rapport.customer.Status;

/**
 * What the preferences page offers and what saving it means. The interests a person picks replace
 * the imported ones for good ({@code interests_chosen}); only interests on offer are taken (the
 * shop's list, or every interest the catalog names, always with the ones the customer already
 * has). How often: as usual, fewer notes (the slow cadence), or a pause of 4, 8 or 12 weeks from
 * the moment it is saved; as usual and fewer end a pause. Only an active customer's choices are
 * saved, and a save records a {@code preference} event saying what changed, none when nothing
 * did. Stateless; thread-safe.
 */
public final class Preferences {
    /** The answers to "how often?", as the form's {@code frequency} field spells them. */
    public enum Frequency {
        USUAL("usual", 0), FEWER("fewer", 0), PAUSE_4W("pause-4w", 4), PAUSE_8W("pause-8w", 8), PAUSE_12W("pause-12w", 12);

        private final String label;
        private final int weeks;

        Frequency(String label, int weeks) {
            this.label = label;
            this.weeks = weeks;
        }

        public String label() {
            return label;
        }

        /** Weeks of pause; 0 for the answers that are no pause. */
        public int weeks() {
            return weeks;
        }

        public static Optional<Frequency> of(String value) {
            if (value == null) return Optional.empty();
            for (Frequency f : values()) if (f.label.equals(value.strip())) return Optional.of(f);
            return Optional.empty();
        }
    }

    /**
     * A customer as the page shows them: address ({@code null} once forgotten), status, interests,
     * whether they asked for fewer notes, and the end of their pause ({@code null}: none). Immutable.
     */
    public record Standing(long customerId, String email, Status status, List<String> interests, boolean fewerNotes,
                           Instant pausedUntil) {
        public Standing {
            interests = List.copyOf(interests);
        }

        /** Paused at {@code now}: their notes wait until {@link #pausedUntil}. */
        public boolean pausedAt(Instant now) {
            return pausedUntil != null && pausedUntil.isAfter(now);
        }

        /** The answer to "how often?" that holds now; empty while paused (the page shows the end date instead). */
        public Optional<Frequency> frequencyAt(Instant now) {
            if (pausedAt(now)) return Optional.empty();
            return Optional.of(fewerNotes ? Frequency.FEWER : Frequency.USUAL);
        }
    }

    /** What saving stores: the interests, fewer notes, the pause's end, and the event's words (empty: nothing changed). */
    public record Saved(List<String> interests, boolean fewerNotes, Instant pausedUntil, Optional<String> change) {}

    private Preferences() {}

    /**
     * The interests the page offers: the shop's list ({@code signup.interests}) when it has one,
     * else every interest the catalog's pieces name, sorted; then the customer's own that are not
     * among them.
     */
    public static List<String> offered(List<String> shopList, Collection<String> catalogInterests, List<String> current) {
        Set<String> out = new LinkedHashSet<>(shopList.isEmpty() ? new TreeSet<>(catalogInterests) : shopList);
        out.addAll(current);
        return List.copyOf(out);
    }

    /** The submitted interests that are on offer, in the order offered; anything else is ignored. */
    public static List<String> accepted(List<String> offered, Collection<String> submitted) {
        Set<String> picked = new LinkedHashSet<>();
        for (String s : submitted) picked.add(s.strip());
        return offered.stream().filter(picked::contains).toList();
    }

    /** The signal for a save of the page opened from {@code note}; a {@code frequency} of null leaves how often as it is. */
    public static Signal.Preferences of(MessageRef note, Instant at, List<String> interests, Frequency frequency) {
        return new Signal.Preferences(note, at, interests, frequency == null ? null : frequency.label());
    }

    /** What {@code saved} makes of {@code before}, with the words for what changed; dates in {@code zone}. */
    public static Saved save(Standing before, Signal.Preferences saved, ZoneId zone) {
        List<String> interests = List.copyOf(saved.interests());
        boolean fewer = before.fewerNotes();
        // A pause that has ended is no pause: clearing it changes nothing worth telling.
        Instant wasPaused = before.pausedAt(saved.at()) ? before.pausedUntil() : null;
        Instant pausedUntil = wasPaused;
        Optional<Frequency> frequency = Frequency.of(saved.frequency());
        if (frequency.isPresent()) {
            Frequency f = frequency.get();
            if (f.weeks() > 0) {
                pausedUntil = saved.at().plus(Duration.ofDays(7L * f.weeks()));
            } else {
                fewer = f == Frequency.FEWER;
                pausedUntil = null;
            }
        }
        List<String> changes = new ArrayList<>();
        if (!new TreeSet<>(interests).equals(new TreeSet<>(before.interests()))) {
            changes.add("interests: " + list(interests) + " (were: " + list(before.interests()) + ")");
        }
        if (fewer != before.fewerNotes() || !Objects.equals(pausedUntil, wasPaused)) {
            String often = pausedUntil != null && pausedUntil.isAfter(saved.at())
                    ? "pause " + frequency.map(Frequency::weeks).orElse(0) + " weeks, until " + LocalDate.ofInstant(pausedUntil, zone)
                    : fewer ? "fewer notes" : "as usual";
            changes.add("how often: " + often);
        }
        return new Saved(interests, fewer, pausedUntil, changes.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", changes)));
    }

    private static String list(List<String> interests) {
        return interests.isEmpty() ? "none" : String.join(", ", interests);
    }
}
