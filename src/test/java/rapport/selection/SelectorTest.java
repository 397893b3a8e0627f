package rapport.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rapport.selection.Fixtures.at;
import static rapport.selection.Fixtures.customer;
import static rapport.selection.Fixtures.piece;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import rapport.content.Kind;
import rapport.content.Piece;
import rapport.customer.Customer;
import rapport.customer.SendHistory;
import rapport.customer.Status;

class SelectorTest {
    private static final List<Piece> ONE_TIP = List.of(piece("tip").build());

    private static Decision decide(Customer c, SendHistory h, String asOf, List<Piece> pieces) {
        return new Selector(Fixtures.POLICY, pieces, Map.of()).decide(c, h, at(asOf));
    }

    private static Decision decide(Customer c, String asOf, List<Piece> pieces) {
        return decide(c, SendHistory.EMPTY, asOf, pieces);
    }

    static Stream<Arguments> dueScenarios() {
        return Stream.of(
                Arguments.of("never contacted is due", customer().build(), true, "never contacted"),
                Arguments.of("acquaintance 7 days after the last note is due",
                        customer().lastNote("2026-11-17").lastEngaged("2026-11-18").build(), true, "7 days ago"),
                Arguments.of("acquaintance 6 days after the last note waits",
                        customer().lastNote("2026-11-18").lastEngaged("2026-11-18").build(), false, "waits 7 days"),
                Arguments.of("new customer 3 days after the last note is due",
                        customer().stage("new").lastNote("2026-11-21").build(), true, "3 days ago"),
                Arguments.of("friend after 13 days waits",
                        customer().stage("friend").lastNote("2026-11-11").lastEngaged("2026-11-12").build(), false, "waits 14"),
                Arguments.of("unsubscribed is never due",
                        customer().status(Status.UNSUBSCRIBED).build(), false, "unsubscribed"),
                Arguments.of("bounced is never due", customer().status(Status.BOUNCED).build(), false, "bounced"),
                Arguments.of("a customer waiting for a personal answer gets no automated note",
                        customer().awaitingReply().build(), false, "personal answer"),
                Arguments.of("dormant after 120 silent days uses the 30-day cadence",
                        customer().lastNote("2026-07-01").build(), true, "dormant"),
                Arguments.of("dormant customer noted 20 days ago waits for the dormant cadence",
                        customer().lastNote("2026-11-04").lastEngaged("2026-06-01").build(), false, "waits 30"),
                Arguments.of("an engagement ends dormancy: silence counts from it",
                        customer().lastNote("2026-11-10").lastEngaged("2026-11-15").build(), true, "stage acquaintance"),
                Arguments.of("a customer who asked for fewer notes waits the slow cadence",
                        customer().fewerNotes().lastNote("2026-11-10").lastEngaged("2026-11-15").build(), false,
                        "fewer notes: waits 30"),
                Arguments.of("fewer notes still allows one after the slow cadence",
                        customer().fewerNotes().lastNote("2026-10-24").lastEngaged("2026-11-15").build(), true, "fewer notes"),
                Arguments.of("a stage no longer in the ladder is not due",
                        customer().stage("vip").lastNote("2026-01-01").build(), false, "not in the configured ladder"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dueScenarios")
    void dueFollowsStageCadenceDormancyAndSuppression(String name, Customer c, boolean due, String reason) {
        Decision d = decide(c, "2026-11-24", ONE_TIP);
        assertEquals(due, d.due().due(), d.due().reason());
        assertTrue(d.due().reason().contains(reason), () -> "reason: " + d.due().reason());
    }

    @Test
    void theHardCapStopsANoteEvenWhenTheCadenceAllowsIt() {
        Customer c = customer().stage("new").lastNote("2026-11-20").build();
        SendHistory h = new SendHistory(Map.of(), List.of(at("2026-11-18"), at("2026-11-20")));
        Decision d = decide(c, h, "2026-11-24", ONE_TIP);
        assertFalse(d.due().due());
        assertTrue(d.due().reason().startsWith("cap reached: 2 notes in the last 7 days"), d.due().reason());
        assertEquals(Optional.of(java.time.LocalDate.parse("2026-11-25")), ((Due.No) d.due()).nextDueOn());
    }

    @Test
    void notesOlderThanTheCapWindowDoNotCount() {
        Customer c = customer().stage("new").lastNote("2026-11-20").build();
        SendHistory h = new SendHistory(Map.of(), List.of(at("2026-11-17"), at("2026-11-20")));
        assertTrue(decide(c, h, "2026-11-24", ONE_TIP).due().due());
    }

    @Test
    void aDormantCustomerIsMatchedOnlyByPiecesThatListDormant() {
        Customer c = customer().lastNote("2026-06-01").build();
        Decision d = decide(c, "2026-11-24", List.of(piece("tip").build(), piece("check-in").stages("dormant").build()));
        assertEquals("dormant", d.effectiveStage());
        assertEquals(Optional.of("check-in"), d.chosen());
        assertEquals("for new, acquaintance, friend, partner; customer is dormant", reason(d, "tip"));
    }

    @Test
    void aPieceNamingInterestsNeedsOneTheCustomerShares() {
        List<Piece> pieces = List.of(piece("pearls").interests("pearls").priority(90).build(), piece("general").build());
        assertEquals(Optional.of("general"), decide(customer().interests("watches").build(), "2026-11-24", pieces).chosen());
        assertEquals("needs an interest in pearls", reason(decide(customer().build(), "2026-11-24", pieces), "pearls"));
        assertEquals(Optional.of("pearls"), decide(customer().interests("pearls").build(), "2026-11-24", pieces).chosen());
    }

    @Test
    void aPieceIsEligibleOnlyInsideItsValidityWindow() {
        List<Piece> pieces = List.of(piece("holiday").valid("2026-12-01", "2026-12-19").priority(90).build(), piece("tip").build());
        Customer c = customer().build();
        assertEquals("not before 2026-12-01 (valid_from)", reason(decide(c, "2026-11-30", pieces), "holiday"));
        assertEquals(Optional.of("holiday"), decide(c, "2026-12-01", pieces).chosen());
        assertEquals(Optional.of("holiday"), decide(c, "2026-12-19", pieces).chosen());
        assertEquals("ended on 2026-12-19 (valid_until)", reason(decide(c, "2026-12-20", pieces), "holiday"));
    }

    @Test
    void aRepeatNeverPieceIsNotSentTwice() {
        SendHistory h = new SendHistory(Map.of("tip", at("2026-10-01")), List.of());
        Decision d = decide(customer().lastNote("2026-10-01").lastEngaged("2026-10-02").build(), h, "2026-11-24", ONE_TIP);
        assertTrue(d.due().due());
        assertEquals(Optional.empty(), d.chosen());
        assertEquals("already sent on 2026-10-01 (repeat: never)", reason(d, "tip"));
        assertEquals(Optional.of("nothing eligible: every piece was ruled out"), d.skipReason());
    }

    @Test
    void anAfterNDaysPieceReturnsOnlyAfterThoseDays() {
        List<Piece> pieces = List.of(piece("reward").repeatAfter(90).build());
        Customer c = customer().lastNote("2026-10-01").lastEngaged("2026-10-02").build();
        SendHistory h = new SendHistory(Map.of("reward", at("2026-09-01")), List.of());
        assertEquals("sent 84 days ago; returns after 90d (on 2026-11-30)", reason(decide(c, h, "2026-11-24", pieces), "reward"));
        assertEquals(Optional.of("reward"), decide(c, h, "2026-11-30", pieces).chosen());
    }

    @Test
    void theHighestPriorityWinsAndTheOthersSayWhyTheyLost() {
        List<Piece> pieces = List.of(piece("low").priority(40).build(), piece("high").priority(70).build());
        Decision d = decide(customer().build(), "2026-11-24", pieces);
        assertEquals(Optional.of("high"), d.chosen());
        assertEquals("high", d.candidates().get(0).piece());
        assertEquals("lost to high (score 70): score 40 = priority 40", reason(d, "low"));
    }

    @Test
    void sharedInterestsEarnABonusThatCanOutweighPriority() {
        List<Piece> pieces = List.of(piece("general").priority(60).build(),
                piece("pearls").interests("pearls", "gifts").priority(45).build());
        Decision d = decide(customer().interests("pearls", "gifts").build(), "2026-11-24", pieces);
        assertEquals(Optional.of("pearls"), d.chosen());
        assertEquals(65, d.candidates().get(0).score());
    }

    @Test
    void repeatingTheKindOfTheLastNoteCostsAPenalty() {
        List<Piece> pieces = List.of(piece("tip").kind(Kind.TIP).priority(70).build(),
                piece("story").kind(Kind.STORY).priority(50).build());
        Customer c = customer().lastNote("2026-11-01").lastEngaged("2026-11-02").lastKind("tip").build();
        Decision d = decide(c, "2026-11-24", pieces);
        assertEquals(Optional.of("story"), d.chosen());
        assertTrue(reason(d, "tip").contains("same kind as last note (tip) 25"), reason(d, "tip"));
    }

    @Test
    void equalScoresGoToTheIdThatSortsFirst() {
        List<Piece> pieces = List.of(piece("b-piece").build(), piece("a-piece").build());
        Decision d = decide(customer().build(), "2026-11-24", pieces);
        assertEquals(Optional.of("a-piece"), d.chosen());
        assertTrue(reason(d, "b-piece").endsWith("tie goes to the id that sorts first"));
    }

    @Test
    void aPieceThatFailsLintIsNeverEligible() {
        Selector selector = new Selector(Fixtures.POLICY, List.of(piece("broken").priority(99).build(), piece("ok").build()),
                Map.of("broken", "templates/broken.ftlh:3: syntax error"));
        Decision d = selector.decide(customer().build(), SendHistory.EMPTY, at("2026-11-24"));
        assertEquals(Optional.of("ok"), d.chosen());
        assertEquals("fails lint: templates/broken.ftlh:3: syntax error", reason(d, "broken"));
    }

    @Test
    void nothingEligibleMeansNothingIsChosen() {
        Decision d = decide(customer().stage("new").build(), "2026-11-24", List.of(piece("partners").stages("partner").build()));
        assertTrue(d.due().due());
        assertEquals(Optional.empty(), d.chosen());
        assertTrue(d.skipReason().orElseThrow().startsWith("nothing eligible"));
    }

    @Test
    void aCustomerWhoIsNotDueGetsNoPieceButStillSeesTheCandidates() {
        Decision d = decide(customer().lastNote("2026-11-23").build(), "2026-11-24", ONE_TIP);
        assertFalse(d.due().due());
        assertEquals(Optional.empty(), d.chosen());
        assertTrue(reason(d, "tip").startsWith("would be chosen when due"));
    }

    @Test
    void daysAreCalendarDaysInTheConfiguredZone() {
        // 23:30 in New York on the 17th is already the 18th in UTC: still seven days before the 24th there.
        Instant lateEvening = java.time.LocalDateTime.parse("2026-11-17T23:30").atZone(Fixtures.ZONE).toInstant();
        Customer c = new Customer(1, "a@example.com", null, null, "acquaintance", Status.ACTIVE, null, lateEvening,
                lateEvening, null, false, List.of(), Map.of(), Customer.Engagement.NONE);
        assertTrue(decide(c, "2026-11-24", ONE_TIP).due().due());
    }

    private static String reason(Decision d, String piece) {
        return d.candidates().stream().filter(c -> c.piece().equals(piece)).findFirst().orElseThrow().reason();
    }
}
