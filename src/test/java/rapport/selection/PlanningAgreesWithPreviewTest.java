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
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import rapport.content.Kind;
import rapport.content.Piece;
import rapport.customer.Customer;
import rapport.customer.SendHistory;

/**
 * Planning ({@code choose}) and {@code preview} ({@code decide}) must never disagree: a customer
 * sent a note is sent the one the preview explains, and a piece the preview rules out is one
 * planning rules out too.
 */
class PlanningAgreesWithPreviewTest {
    /**
     * Between them, these break every eligibility rule for some customer on some day; two tie on
     * score with the id that sorts first listed later, so list order cannot pass for the ranking.
     */
    private static final List<Piece> PIECES = List.of(
            piece("welcome").stages("new").priority(100).build(),
            piece("watches").interests("watches", "repairs").priority(70).build(),
            piece("pearls").interests("pearls").priority(70).build(),
            piece("story").kind(Kind.STORY).priority(60).build(),
            piece("b-tie").kind(Kind.STORY).priority(55).build(),
            piece("a-tie").kind(Kind.STORY).priority(55).build(),
            piece("winter").priority(95).valid("2026-12-01", "2027-02-28").build(),
            piece("check-in").stages("dormant").kind(Kind.CHECK_IN).priority(50).build(),
            piece("yearly").kind(Kind.REWARD).priority(80).repeatAfter(365).build(),
            piece("once").kind(Kind.HEADS_UP).priority(90).build(),
            piece("broken").priority(99).build());
    private static final Map<String, String> LINT = Map.of("broken", "templates/broken.ftlh:3: syntax error");
    private static final List<SendHistory> HISTORIES = List.of(SendHistory.EMPTY,
            new SendHistory(Map.of("yearly", at("2026-03-01"), "once", at("2026-09-01")), List.of()),
            new SendHistory(Map.of("yearly", at("2025-03-01"), "welcome", at("2026-10-01")), List.of()));
    private static final List<String> DAYS = List.of("2026-11-24", "2026-12-02", "2027-03-05");

    @Test
    void planningSendsThePieceThePreviewChoosesAndRulesOutEveryPieceThePreviewRulesOut() {
        Selector selector = new Selector(Fixtures.POLICY, PIECES, LINT);
        Set<String> reasonsSeen = new TreeSet<>();
        int compared = 0;
        for (Customer c : customers()) {
            for (SendHistory h : HISTORIES) {
                for (String day : DAYS) {
                    Instant asOf = at(day);
                    String where = c + " " + h + " as of " + day;
                    Decision full = selector.decide(c, h, asOf);
                    Decision quick = selector.choose(c, h, asOf);
                    assertEquals(full.chosen(), quick.chosen(), where);
                    assertEquals(full.skipReason(), quick.skipReason(), where);
                    assertEquals(full.effectiveStage(), quick.effectiveStage(), where);
                    assertEquals(List.of(), quick.candidates(), where);
                    if (full.chosen().isPresent()) assertEquals(full.chosen().get(), full.candidates().get(0).piece(), where);
                    if (full.due().due()) {
                        for (Candidate candidate : full.candidates()) {
                            assertEquals(candidate.eligible(), planningAllows(candidate.piece(), c, h, asOf),
                                    () -> where + ": " + candidate);
                            if (!candidate.eligible()) reasonsSeen.add(candidate.reason().split(" ")[0]);
                        }
                    }
                    compared++;
                }
            }
        }
        assertEquals(432, compared);
        // The first word of each rule's reason: every rule ruled out some piece, so each was compared.
        assertEquals(new TreeSet<>(List.of("already", "ended", "fails", "for", "needs", "not", "sent")), reasonsSeen);
    }

    /** Whether planning would send this piece, were it the only one: its verdict on that piece alone. */
    private static boolean planningAllows(String pieceId, Customer c, SendHistory h, Instant asOf) {
        Piece alone = PIECES.stream().filter(p -> p.id().equals(pieceId)).findFirst().orElseThrow();
        return new Selector(Fixtures.POLICY, List.of(alone), LINT).choose(c, h, asOf).chosen().equals(Optional.of(pieceId));
    }

    /** Every stage, dormant or not, with and without interests and the kind of their last note. */
    private static List<Customer> customers() {
        List<Customer> out = new ArrayList<>();
        for (String stage : List.of("new", "acquaintance", "friend", "partner")) {
            for (String[] interests : List.of(new String[0], new String[] {"pearls"}, new String[] {"watches", "pearls"})) {
                // Never written to; engaged after a note a fortnight ago, or two days ago (not due yet); silent
                // long enough to be dormant.
                for (String lastNote : new String[] {null, "2026-11-10", "2026-11-22", "2026-06-01"}) {
                    Fixtures.CustomerBuilder b = customer().stage(stage).interests(interests);
                    if (lastNote != null) b.lastNote(lastNote).lastKind("story");
                    if (lastNote != null && lastNote.startsWith("2026-11")) b.lastEngaged(lastNote);
                    out.add(b.build());
                }
            }
        }
        return out;
    }
}
