package rapport.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rapport.selection.Fixtures.at;
import static rapport.selection.Fixtures.customer;
import static rapport.selection.Fixtures.piece;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import rapport.content.Kind;
import rapport.content.Piece;
import rapport.customer.Customer;
import rapport.customer.SendHistory;

/**
 * A simulated audience of 40 friends who each got two pieces, A (priority 60) and B (priority
 * 50), and said what they thought: the choice for the next friend follows what they said.
 */
class LearningFromAnAudienceTest {
    private static final Piece A = piece("a-tip").stages("friend").kind(Kind.TIP).priority(60).build();
    private static final Piece B = piece("b-story").stages("friend").kind(Kind.STORY).priority(50).build();
    private static final List<Piece> PIECES = List.of(A, B);
    private static final Instant RUN = at("2026-11-24");

    /** One note's verdict: a rating, or a click without one, or leaving after it, or nothing. */
    private enum Verdict { USEFUL, NOT_FOR_ME, CLICKED, LEFT, SILENT }

    /** What the audience did: most found A not for them and B useful. */
    private static List<Evidence> audience() {
        List<Evidence> notes = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            notes.add(note(A.id(), i % 8 == 0 ? Verdict.USEFUL : i % 10 == 3 ? Verdict.SILENT : i % 13 == 5 ? Verdict.LEFT
                    : Verdict.NOT_FOR_ME));
            notes.add(note(B.id(), i % 9 == 0 ? Verdict.NOT_FOR_ME : i % 7 == 2 ? Verdict.CLICKED : Verdict.USEFUL));
        }
        return notes;
    }

    private static Evidence note(String piece, Verdict v) {
        return new Evidence(piece, "friend", v == Verdict.USEFUL ? 1 : 0, v == Verdict.NOT_FOR_ME ? 1 : 0,
                v == Verdict.CLICKED ? 1 : 0, v == Verdict.LEFT ? 1 : 0);
    }

    private static Selector selector(LearnedValue learned) {
        return new Selector(Fixtures.POLICY, PIECES, Map.of(), learned);
    }

    private static Customer friend(long id) {
        return customer().id(id).stage("friend").build();
    }

    @Test
    void whenTheRatingsClearlyFavourTheLowerPriorityPieceAFreshCustomerGetsIt() {
        Selector selector = selector(LearnedValue.of(audience(), 30));
        for (long id = 41; id <= 1040; id++) {
            assertEquals(Optional.of(B.id()), selector.choose(friend(id), SendHistory.EMPTY, RUN).chosen(), "customer " + id);
        }
        Decision d = selector.decide(friend(41), SendHistory.EMPTY, RUN);
        assertEquals(Optional.of(B.id()), d.chosen());
        Candidate chosen = d.candidates().get(0);
        assertEquals(B.id(), chosen.piece());
        assertTrue(chosen.learned() > 0, chosen.evidence());
        assertTrue(chosen.reason().startsWith("chosen: score " + chosen.score() + " = priority 50 + learned "), chosen.reason());
        assertTrue(chosen.evidence().startsWith("useful to 30 of 35 who rated it (stage friend); 5 more clicked or replied"),
                chosen.evidence());
        Candidate lost = d.candidates().get(1);
        assertTrue(lost.learned() < 0);
        assertTrue(lost.reason().startsWith("lost to b-story"), lost.reason());
        assertTrue(lost.reason().contains("- learned " + -lost.learned()), lost.reason());
        assertTrue(lost.evidence().contains("who rated it (stage friend)") && lost.evidence().contains("left after it"),
                lost.evidence());
    }

    @Test
    void withNoRatingsThePiecesGoInPriorityOrder() {
        Selector selector = selector(LearnedValue.of(List.of(), 30));
        for (long id = 1; id <= 40; id++) {
            assertEquals(Optional.of(A.id()), selector.choose(friend(id), SendHistory.EMPTY, RUN).chosen());
        }
        Decision d = selector.decide(friend(1), SendHistory.EMPTY, RUN);
        assertEquals(List.of(60, 50), d.candidates().stream().map(Candidate::score).toList());
        assertEquals(List.of(0, 0), d.candidates().stream().map(Candidate::learned).toList());
        assertEquals("no ratings or clicks yet: 0", d.candidates().get(0).evidence());
    }

    @Test
    void theSameRunAndCustomerAlwaysGetTheSameChoiceAndPreviewAgreesWithPlanning() {
        // Thin, mixed evidence: draws differ from customer to customer, so the choice is a real draw.
        List<Evidence> thin = List.of(new Evidence(A.id(), "friend", 1, 2, 0, 0), new Evidence(B.id(), "friend", 2, 1, 0, 0));
        int bs = 0;
        for (long id = 1; id <= 40; id++) {
            Optional<String> first = selector(LearnedValue.of(thin, 30)).choose(friend(id), SendHistory.EMPTY, RUN).chosen();
            assertEquals(first, selector(LearnedValue.of(thin, 30)).choose(friend(id), SendHistory.EMPTY, RUN).chosen());
            assertEquals(first, selector(LearnedValue.of(thin, 30)).decide(friend(id), SendHistory.EMPTY, RUN).chosen());
            // Later the same day (the run's day) the draw is the same.
            assertEquals(first, selector(LearnedValue.of(thin, 30)).choose(friend(id), SendHistory.EMPTY,
                    RUN.plusSeconds(3600)).chosen());
            if (first.equals(Optional.of(B.id()))) bs++;
        }
        assertTrue(bs > 0 && bs < 40, "an untried-enough piece still gets its chance with some: " + bs);
    }

    @Test
    void withLearningOffTheScoresAreTheFormulaWithoutIt() {
        Selector selector = selector(LearnedValue.off());
        Customer lastGotATip = customer().id(3).stage("friend").lastKind("tip").lastNote("2026-11-01").build();
        Decision d = selector.decide(lastGotATip, SendHistory.EMPTY, RUN);
        // priority, minus the same-kind penalty for A; nothing learned for either.
        assertEquals(List.of(B.id(), A.id()), d.candidates().stream().map(Candidate::piece).toList());
        assertEquals(List.of(50, 60 - Scoring.SAME_KIND_PENALTY), d.candidates().stream().map(Candidate::score).toList());
        assertEquals(List.of(0, 0), d.candidates().stream().map(Candidate::learned).toList());
        assertEquals("learning is off (feedback.learning: false)", d.candidates().get(0).evidence());
        for (long id = 1; id <= 40; id++) {
            assertEquals(Optional.of(A.id()), selector.choose(friend(id), SendHistory.EMPTY, RUN).chosen());
        }
    }
}
