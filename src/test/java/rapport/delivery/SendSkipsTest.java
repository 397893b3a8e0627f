package rapport.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Customers a run cannot serve: a note that does not render for them, a piece that fails lint
 * (from the start, or broken between planning and sending). Each is skipped with its reason in
 * the ledger and the summary, and the run goes on for everyone else.
 */
class SendSkipsTest extends GreenMailSendTest {
    @Test
    void aCustomerWhoseNoteCannotRenderIsSkippedWithTheReasonAndTheRunGoesOn() throws Exception {
        List<String> emails = fixture.importCustomers(10);
        fixture.importCsv("email,stage,joined_at\nnameless@example.com,new,2026-11-01\n");

        SendSummary summary = fixture.sendRun(SendFixture.options(4, 0, 0)).run(SendFixture.AS_OF, n -> { });

        assertEquals(RunState.FINISHED, summary.state());
        assertEquals(10, summary.sent());
        assertEquals(1, summary.skipped());
        SendFixture.Row row = fixture.deliveries().get("nameless@example.com");
        assertEquals("skipped", row.state());
        assertTrue(row.reason().contains("cannot render") && row.reason().contains("firstName"), row.reason());
        assertEquals(Map.of(row.reason(), 1), summary.skippedBy());
        Map<String, Integer> counts = receivedCount();
        assertFalse(counts.containsKey("nameless@example.com"));
        emails.forEach(e -> assertEquals(1, counts.get(e), e));
    }

    @Test
    void aPieceThatFailsLintIsNeverSentAndItsAudienceIsSkippedWithAReason() throws Exception {
        fixture.writeTemplate("friends-only.ftlh", """
                <#--
                subject: "${customer.firstName}, for our friends"
                stages: [friend]
                kind: reward
                priority: 90
                repeat: never
                -->
                <p>Hi ${customer.favouriteColour}</p>
                """);
        List<String> newcomers = fixture.importCustomers(5);
        fixture.importCsv("email,first_name,stage,joined_at\nf1@example.com,Fay,friend,2026-10-01\nf2@example.com,Finn,friend,2026-10-01\n");

        SendSummary summary = fixture.sendRun(SendFixture.options(4, 0, 0)).run(SendFixture.AS_OF, n -> { });

        assertEquals(RunState.FINISHED, summary.state());
        assertEquals(5, summary.sent());
        assertEquals(2, summary.skipped());
        for (String friend : List.of("f1@example.com", "f2@example.com")) {
            SendFixture.Row row = fixture.deliveries().get(friend);
            assertEquals("skipped", row.state());
            assertEquals(Map.of(row.reason(), 2), summary.skippedBy(), "the reason is recorded and summed up");
            assertTrue(fixture.timeline(friend).isEmpty());
        }
        assertEquals(newcomers.stream().sorted().toList(), receivedCount().keySet().stream().sorted().toList());
    }

    @Test
    void aPieceBrokenBetweenPlanningAndSendingSkipsTheRestWithTheLintReason() throws Exception {
        fixture.importCustomers(12);
        SendSummary first = fixture.sendRun(SendFixture.options(2, 0, 4)).run(SendFixture.AS_OF, n -> { });
        assertEquals(4, first.sent());

        fixture.writeTemplate("note.ftlh", SendFixture.NOTE.replace("<p>Pano</p>", "<p>${customer.favouriteColour}</p>"));
        SendSummary second = fixture.sendRun(SendFixture.options(2, 0, 0)).run(SendFixture.AS_OF, n -> { });

        assertEquals(RunState.FINISHED, second.state());
        assertEquals(4, second.sent());
        assertEquals(8, second.skipped());
        assertEquals(4, greenMail.getReceivedMessages().length);
        Map<String, Long> reasons = fixture.deliveries().values().stream().filter(r -> r.state().equals("skipped"))
                .collect(Collectors.groupingBy(SendFixture.Row::reason, Collectors.counting()));
        assertEquals(1, reasons.size(), reasons.toString());
        String reason = reasons.keySet().iterator().next();
        assertTrue(reason.contains("fails lint") && reason.contains("favouriteColour"), reason);
    }


    @Test
    void aNoteThatRecursesWithoutEndForOneCustomerSkipsThemInsteadOfHangingTheSend() throws Exception {
        // A marketer's macro that only loops for some data: lint's stand-ins never take that branch.
        fixture.writeTemplate("note.ftlh", SendFixture.NOTE.replace("<p>Pano</p>",
                "<#macro again n><@again n + 1/></#macro><#if customer.firstName == \"Name3\"><@again 0/></#if><p>Pano</p>"));
        List<String> emails = fixture.importCustomers(10);

        SendSummary summary = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> fixture.sendRun(SendFixture.options(2, 0, 0)).run(SendFixture.AS_OF, n -> { }));

        assertEquals(RunState.FINISHED, summary.state());
        assertEquals(9, summary.sent());
        SendFixture.Row row = fixture.deliveries().get(emails.get(3));
        assertEquals("skipped", row.state());
        assertTrue(row.reason().contains("cannot render"), row.reason());
        assertEquals(9, greenMail.getReceivedMessages().length);
        assertFalse(receivedCount().containsKey(emails.get(3)));
    }
}
