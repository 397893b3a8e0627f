package rapport.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rapport.store.LedgerStore;

/**
 * A worker claims its next rows while the outcomes of its last ones are still on their way to
 * the ledger: each claim hands it only the rows it just took, and a row whose outcome is not in
 * yet stays claimed, so neither this worker nor any other sends it again meanwhile.
 */
class ClaimTest {
    private static final String SENDER = "sender";
    private static final String WORKER = SENDER + "/0";

    @Test
    void aWorkersNextClaimHoldsOnlyTheRowsItJustTookNotThoseStillWaitingForTheirOutcomes(@TempDir Path dir) throws Exception {
        try (SendFixture fixture = SendFixture.open(dir, SendFixture.Settings.h2(dir, 2525))) {
            claimWhileOutcomesAreOnTheirWay(fixture);
        }
    }

    private static void claimWhileOutcomesAreOnTheirWay(SendFixture fixture) {
        List<String> emails = fixture.importCustomers(5);
        List<Long> ids = emails.stream().map(e -> fixture.customer(e).id()).toList();
        Instant now = Instant.now();
        LedgerStore ledger = new LedgerStore(fixture.database);
        SendFixture.planAll(ledger, SENDER, ids, now);

        assertEquals(ids.subList(0, 2), customerIds(ledger.claim(SendFixture.RUN, SENDER, WORKER, 2, now)));
        assertEquals(ids.subList(2, 4), customerIds(ledger.claim(SendFixture.RUN, SENDER, WORKER, 2, now)),
                "the first claim's rows are still claimed, but not handed out again");

        // The first row's outcome arrives: a retry in a minute. The second's is still on its way.
        ledger.record(SendFixture.RUN, List.of(new Ledger.Outcome.Retry(ids.get(0), 1, now.plusSeconds(60), "451 try later")));
        assertEquals(ids.subList(4, 5), customerIds(ledger.claim(SendFixture.RUN, SENDER, WORKER, 5, now)),
                "neither the retry before its time nor the row without an outcome");

        Map<String, SendFixture.Row> rows = fixture.deliveries();
        assertEquals("retry", rows.get(emails.get(0)).state());
        for (String email : emails.subList(1, 5)) assertEquals("claimed", rows.get(email).state(), email);
        assertEquals(ids.subList(0, 1), customerIds(ledger.claim(SendFixture.RUN, SENDER, WORKER, 5, now.plusSeconds(61))),
                "the retry once it is due");
    }

    private static List<Long> customerIds(List<Ledger.Claim> claims) {
        return claims.stream().map(Ledger.Claim::customerId).toList();
    }
}
