package rapport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rapport.club.Consent;
import rapport.club.SignupRequest;
import rapport.config.RapportConfig;
import rapport.store.Database;
import rapport.store.SignupStore;

/**
 * Signups nobody confirmed are dropped by the stage pass of every send, on the send's clock, so an
 * address and a client address kept for a confirmation never outlive {@code confirm_within_days}
 * however quiet the join page is.
 */
class ExpiredSignupsTest {
    @TempDir Path dir;

    @Test
    void aSendDropsTheSignupsNobodyConfirmedInTimeAndKeepsTheRecentOnes() throws Exception {
        Path ws = CliRun.sampleWorkspace(dir);
        assertEquals(0, CliRun.run(ws, "import", ws.resolve("samples/customers.csv").toString()).exit());
        long[] ids = new long[2];
        try (Database db = database(ws)) {
            SignupStore signups = new SignupStore(db);
            ids[0] = signups.add(request("old@example.com", "2026-11-10T15:00:00Z")).id();
            ids[1] = signups.add(request("recent@example.com", "2026-11-20T15:00:00Z")).id();
        }

        CliRun.Result sent = CliRun.run(ws, "send", "--as-of", "2026-11-24");
        assertEquals(0, sent.exit(), sent.err());

        try (Database db = database(ws)) {
            SignupStore signups = new SignupStore(db);
            assertTrue(signups.find(ids[0]).isEmpty(), "14 days unconfirmed: dropped (confirm_within_days is 7)");
            assertEquals("recent@example.com", signups.find(ids[1]).orElseThrow().email(), "4 days: still waiting");
        }
    }

    private static SignupRequest request(String email, String at) {
        return new SignupRequest(email, "Ana", List.of(), new Consent(Instant.parse(at), "203.0.113.9",
                "Yes, send me notes from Pano at Kosmima."));
    }

    private static Database database(Path ws) {
        return Database.open(new RapportConfig.Database("jdbc:h2:file:" + ws.resolve("data/rapport") + ";AUTO_SERVER=TRUE", "sa", ""), 1);
    }
}
