package rapport.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import rapport.customer.Status;

/** What the preferences page offers and what a save means, without a database. */
class PreferencesTest {
    private static final Instant NOW = Instant.parse("2026-11-24T16:00:00Z");
    private static final MessageRef NOTE = new MessageRef(7, "20261124");

    private static Preferences.Standing standing(List<String> interests, boolean fewer, Instant pausedUntil) {
        return new Preferences.Standing(7, "ana@example.com", Status.ACTIVE, interests, fewer, pausedUntil);
    }

    @Test
    void theShopsListIsOfferedElseTheCatalogsAlwaysWithTheCustomersOwn() {
        assertEquals(List.of("rings", "pearls", "gold"), Preferences.offered(List.of("rings", "pearls"), List.of("silver"), List.of("gold")));
        assertEquals(List.of("pearls", "silver", "gold"), Preferences.offered(List.of(), List.of("silver", "pearls", "silver"), List.of("gold")));
        assertEquals(List.of("rings"), Preferences.accepted(List.of("pearls", "rings"), List.of("diamonds", "rings")));
    }

    @Test
    void aPauseRunsFromTheSaveAndUsualOrFewerEndIt() {
        Preferences.Saved paused = Preferences.save(standing(List.of(), false, null),
                Preferences.of(NOTE, NOW, List.of(), Preferences.Frequency.PAUSE_12W), ZoneOffset.UTC);
        assertEquals(NOW.plusSeconds(84L * 86400), paused.pausedUntil());
        assertEquals(Optional.of("how often: pause 12 weeks, until 2027-02-16"), paused.change());

        Preferences.Saved fewer = Preferences.save(standing(List.of(), false, paused.pausedUntil()),
                Preferences.of(NOTE, NOW, List.of(), Preferences.Frequency.FEWER), ZoneOffset.UTC);
        assertNull(fewer.pausedUntil());
        assertTrue(fewer.fewerNotes());
        assertEquals(Optional.of("how often: fewer notes"), fewer.change());
    }

    @Test
    void savingWhatIsAlreadySoOrClearingAPauseThatEndedChangesNothing() {
        Preferences.Saved same = Preferences.save(standing(List.of("pearls", "rings"), true, NOW.minusSeconds(60)),
                Preferences.of(NOTE, NOW, List.of("rings", "pearls"), Preferences.Frequency.FEWER), ZoneOffset.UTC);
        assertEquals(Optional.empty(), same.change());
        assertEquals(Optional.empty(), Preferences.save(standing(List.of(), false, null),
                Preferences.of(NOTE, NOW, List.of(), null), ZoneOffset.UTC).change());
    }

    @Test
    void aCommentIsClippedKeyedByNoteMomentAndWordsAndNamedAfterTheNote() {
        Signal.Rating r = Rating.of(NOTE, NOW, Rating.Verdict.NOT_FOR_ME, "  " + "x".repeat(2500));
        assertEquals(2000, r.comment().length());
        assertTrue(Rating.commentKey(r).startsWith("rating:20261124:7:" + NOW.toEpochMilli() + ":"), Rating.commentKey(r));
        assertEquals("Comment on \"Silver care\"", Rating.commentSubject("Silver care"));
        assertNull(Rating.of(NOTE, NOW, Rating.Verdict.USEFUL, "   ").comment());
        assertEquals(Optional.empty(), Rating.Verdict.of("maybe"));
        assertEquals("a;b", Rating.declinedPieces(List.of("b", "a", "b")));
    }
}
