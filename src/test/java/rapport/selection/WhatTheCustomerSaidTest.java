package rapport.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rapport.selection.Fixtures.at;
import static rapport.selection.Fixtures.customer;
import static rapport.selection.Fixtures.piece;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import rapport.content.Kind;
import rapport.content.Piece;
import rapport.customer.Customer;
import rapport.customer.SendHistory;

class WhatTheCustomerSaidTest {
    private static final List<Piece> PIECES = List.of(piece("old-tip").kind(Kind.TIP).build(),
            piece("new-tip").kind(Kind.TIP).priority(60).build(), piece("story").kind(Kind.STORY).priority(50).build());

    private static Decision decide(Customer c, String asOf, LearnedValue learned) {
        return new Selector(Fixtures.POLICY, PIECES, Map.of(), learned).decide(c, SendHistory.EMPTY, at(asOf));
    }

    @Test
    void aCustomerWhoPausedTheirNotesIsNotDueUntilThePauseEnds() {
        Customer paused = customer().pausedUntil("2027-01-05").build();
        Decision d = decide(paused, "2026-11-24", LearnedValue.off());
        assertFalse(d.due().due());
        Due.No no = (Due.No) d.due();
        assertEquals("paused by them until 2027-01-05", no.reason());
        assertEquals(Due.Hold.PAUSED, no.hold());
        assertEquals(Optional.of(LocalDate.parse("2027-01-05")), no.nextDueOn());
        assertEquals(Optional.empty(), new Selector(Fixtures.POLICY, PIECES, Map.of()).choose(paused, SendHistory.EMPTY,
                at("2026-11-24")).chosen());
        assertTrue(decide(paused, "2027-01-05", LearnedValue.off()).due().due(), "the pause is over on its day");
    }

    @Test
    void theirNotForMeToAPieceWeighsAgainstItsKindEvenWithLearningOff() {
        Customer declinedATip = customer().declined("old-tip").build();
        for (LearnedValue learned : List.of(LearnedValue.off(), LearnedValue.of(List.of(), 30))) {
            Decision d = decide(declinedATip, "2026-11-24", learned);
            assertEquals(Optional.of("story"), d.chosen());
            Candidate tip = d.candidates().stream().filter(c -> c.piece().equals("new-tip")).findFirst().orElseThrow();
            assertEquals(60 - Scoring.DECLINED_KIND_PENALTY, tip.score());
            assertTrue(tip.reason().contains("they said 'not for me' to a tip (old-tip) 20"), tip.reason());
        }
        assertEquals(Optional.of("new-tip"), decide(customer().build(), "2026-11-24", LearnedValue.off()).chosen());
        assertEquals(Optional.of("new-tip"), new Selector(Fixtures.POLICY, PIECES, Map.of())
                .choose(customer().declined("gone-from-the-catalog").build(), SendHistory.EMPTY, at("2026-11-24")).chosen());
    }

    @Test
    void planningAgreesWithPreviewAboutADeclinedKind() {
        Customer declinedATip = customer().declined("old-tip").build();
        Selector selector = new Selector(Fixtures.POLICY, PIECES, Map.of());
        assertEquals(selector.decide(declinedATip, SendHistory.EMPTY, at("2026-11-24")).chosen(),
                selector.choose(declinedATip, SendHistory.EMPTY, at("2026-11-24")).chosen());
    }
}
