package rapport.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rapport.selection.Fixtures.at;
import static rapport.selection.Fixtures.customer;
import static rapport.selection.Fixtures.piece;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import rapport.content.Kind;
import rapport.content.Piece;
import rapport.customer.Customer;
import rapport.customer.SendHistory;
import rapport.customer.Status;

/**
 * An approved reward goes to the inviter next, whatever their cadence, dormancy and the reward
 * piece's stages; what holds every note (status, a reply waiting, their own pause) and the hard
 * cap still hold it. {@code choose} (a send) and {@code decide} (a preview) agree.
 */
class ApprovedRewardTest {
    private static final List<Piece> PIECES = List.of(piece("tip").priority(90).build(),
            piece("thank-you").kind(Kind.REWARD).stages("new").priority(10).build());
    private static final Selector SELECTOR = new Selector(Fixtures.POLICY, PIECES, Map.of(), LearnedValue.off(),
            Map.of(7L, "thank-you"));

    @Test
    void theRewardGoesWhateverTheCadenceAndThePiecesStages() {
        Customer pat = customer().stage("partner").lastNote("2026-11-20").build();
        Decision sent = SELECTOR.choose(pat, SendHistory.EMPTY, at("2026-11-24"));
        assertEquals(Optional.of("thank-you"), sent.chosen(), "four days after a note, at a stage the piece does not list");
        Decision shown = SELECTOR.decide(pat, SendHistory.EMPTY, at("2026-11-24"));
        assertEquals(sent.chosen(), shown.chosen());
        assertTrue(shown.due().reason().startsWith("an approved reward waits"), shown.due().reason());
        assertEquals("thank-you", shown.candidates().get(0).piece());
        assertTrue(shown.candidates().get(0).reason().startsWith("chosen: an approved reward"), shown.candidates().get(0).reason());
        assertTrue(shown.candidates().get(1).reason().startsWith("lost to the approved reward thank-you"),
                shown.candidates().get(1).reason());
    }

    @Test
    void theHardCapAndWhatHoldsEveryNoteStillHoldIt() {
        SendHistory twoThisWeek = new SendHistory(Map.of(), List.of(at("2026-11-20"), at("2026-11-22")));
        Customer pat = customer().stage("partner").lastNote("2026-11-22").build();
        Decision capped = SELECTOR.decide(pat, twoThisWeek, at("2026-11-24"));
        assertFalse(capped.due().due());
        assertTrue(capped.due().reason().startsWith("cap reached"), capped.due().reason());
        for (Customer held : List.of(customer().status(Status.UNSUBSCRIBED).build(), customer().awaitingReply().build(),
                customer().pausedUntil("2026-12-24").build())) {
            Decision d = SELECTOR.choose(held, SendHistory.EMPTY, at("2026-11-24"));
            assertFalse(d.due().due(), d.due().reason());
            assertEquals(Optional.empty(), d.chosen());
        }
    }

    @Test
    void withoutAnApprovedRewardOrWithABrokenPieceTheUsualChoiceStands() {
        Customer other = customer().id(8).stage("partner").build();
        assertEquals(Optional.of("tip"), SELECTOR.choose(other, SendHistory.EMPTY, at("2026-11-24")).chosen());
        Selector broken = new Selector(Fixtures.POLICY, PIECES, Map.of("thank-you", "templates/thank-you.ftlh:3: broken"),
                LearnedValue.off(), Map.of(7L, "thank-you"));
        assertEquals(Optional.of("tip"), broken.choose(customer().stage("partner").build(), SendHistory.EMPTY, at("2026-11-24")).chosen());
    }
}
