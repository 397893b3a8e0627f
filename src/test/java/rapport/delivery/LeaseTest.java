package rapport.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rapport.store.LedgerStore;
import rapport.testing.MovableClock;

/**
 * A process's lease on its claims: while it beats, the claims it took are its own; once its beat
 * is older than the lease (it stalled), they may have been handed back, and a worker asks the
 * ledger which rows are still its own before it sends another.
 */
class LeaseTest {
    @TempDir Path dir;

    @Test
    void aStallLongerThanTheLeaseLapsesItAndTheLedgerSaysWhichClaimsAreStillOwn() throws Exception {
        try (SendFixture fixture = SendFixture.open(dir, SendFixture.Settings.h2(dir, 2525))) {
            List<Long> ids = fixture.importCustomers(2).stream().map(e -> fixture.customer(e).id()).toList();
            LedgerStore ledger = new LedgerStore(fixture.database);
            SendFixture.planAll(ledger, "planner", ids, SendFixture.AS_OF);
            MovableClock wall = new MovableClock(SendFixture.AS_OF);
            SendOptions options = SendFixture.options(1, 0, 0);
            Heartbeat lease = Heartbeat.start(ledger, ledger.durability(), wall, options, SendFixture.RUN, "sleeper");
            try {
                long lapses = lease.lapses();
                assertEquals(ids, ledger.claim(SendFixture.RUN, "sleeper", "sleeper/0", 2, SendFixture.AS_OF).stream()
                        .map(Ledger.Claim::customerId).toList());
                assertTrue(lease.holds(lapses), "just claimed");

                // Stalled past the staleness of its claims: another process hands them back and takes one.
                wall.advance(options.staleAfter().plusSeconds(1));
                assertFalse(lease.holds(lapses), "the lease ran out while it stalled");
                // As another process sees it: no beat of the sleeper is recent (its own may have come since).
                ledger.reclaimStale(SendFixture.RUN, wall.instant().plusSeconds(1));
                ledger.claim(SendFixture.RUN, "other", "other/0", 1, SendFixture.AS_OF);

                long renewed = lease.renew();
                assertTrue(renewed > lapses, "waking counts a lapse");
                assertFalse(lease.holds(lapses), "claims from before the lapse are not taken on trust");
                assertTrue(lease.holds(renewed));
                assertEquals(Set.of(), ledger.held(SendFixture.RUN, "sleeper/0"), "the ledger says none is still its own");
            } finally {
                lease.close();
            }
        }
    }
}
