package rapport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rapport.config.ConfigLoader;
import rapport.delivery.DeliveryState;
import rapport.delivery.Ledger;
import rapport.store.Database;
import rapport.store.LedgerStore;

/**
 * A run two nodes of {@code serve} shared, as the report shows it: what each node sent, failed
 * and still holds, and what waits for any node, in the text, the JSON and the page; a run one
 * node did alone adds nothing to the text or the page. The runs are written through the ledger,
 * as each node's workers write them.
 */
class ReportRunsByNodeTest {
    private static final String NODE_A = "shop-a:4101";
    private static final String NODE_B = "shop-b:5202";
    private static final String SHARED = "20261124";
    private static final String ALONE = "20261117";

    @TempDir Path dir;
    private Path ws;

    @BeforeEach
    void twoRunsOneSharedByTwoNodes() throws Exception {
        ws = CliRun.sampleWorkspace(dir.resolve("ws"));
        assertEquals(0, CliRun.run(ws, "import", ws.resolve("samples/customers.csv").toString()).exit());
        // The environment, as the command reads it: RAPPORT_DATABASE_URL may point the workspace at PostgreSQL.
        try (Database db = Database.open(ConfigLoader.load(ws, System.getenv()).database(), 2)) {
            LedgerStore ledger = new LedgerStore(db);
            List<Long> ids = new ArrayList<>();
            try (var c = db.dataSource().getConnection(); var st = c.prepareStatement("select id from customers order by id");
                 var rs = st.executeQuery()) {
                while (rs.next()) ids.add(rs.getLong(1));
            }
            Instant alone = Instant.parse("2026-11-17T14:00:00Z");
            plan(ledger, ALONE, alone, NODE_A, ids.subList(0, 2));
            sendAll(ledger, ALONE, NODE_A, 2, 0, alone);

            Instant shared = Instant.parse("2026-11-24T14:00:00Z");
            plan(ledger, SHARED, shared, NODE_A, ids.subList(0, 10));
            ledger.heartbeat(NODE_B, SHARED, shared);
            sendAll(ledger, SHARED, NODE_A, 4, 1, shared);
            List<Ledger.Claim> b = ledger.claim(SHARED, NODE_B, NODE_B + "/0", 4, shared);
            ledger.record(SHARED, NODE_B, List.of(sent(b.get(0), shared), sent(b.get(1), shared),
                    new Ledger.Outcome.Final(b.get(2).customerId(), DeliveryState.BOUNCED, 1, "550 no such user", shared)));
            // b.get(3) stays claimed by node B; two rows are still planned for whichever node comes.
        }
    }

    private static void plan(LedgerStore ledger, String run, Instant asOf, String process, List<Long> ids) {
        ledger.openRun(run, asOf, asOf);
        ledger.heartbeat(process, run, asOf);
        assertTrue(ledger.takePlanning(run, process, asOf.minusSeconds(10)));
        ledger.writePlanned(run, process, ids.stream().map(id -> new Ledger.Planned(id, "silver-care", null)).toList(),
                ids.get(ids.size() - 1), Map.of());
        ledger.planningDone(run);
    }

    /** Claims {@code count} rows as {@code process} and records them sent, but the last {@code failed} failed. */
    private static void sendAll(LedgerStore ledger, String run, String process, int count, int failed, Instant at) {
        List<Ledger.Claim> claims = ledger.claim(run, process, process + "/0", count, at);
        List<Ledger.Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < claims.size(); i++) {
            outcomes.add(i < claims.size() - failed ? sent(claims.get(i), at)
                    : new Ledger.Outcome.Final(claims.get(i).customerId(), DeliveryState.FAILED, 3, "554 refused", at));
        }
        ledger.record(run, process, outcomes);
    }

    private static Ledger.Outcome sent(Ledger.Claim claim, Instant at) {
        return new Ledger.Outcome.Sent(claim.customerId(), claim.piece(), "care", "<" + claim.customerId() + "@kosmima.example>", at);
    }

    @Test
    void theTextNamesEachNodeOfTheSharedRunWithItsCountsAndLeavesTheLoneRunOut() {
        CliRun.Result r = CliRun.run(ws, "report", "--as-of", "2026-11-25");
        assertEquals(0, r.exit(), r.err());
        String out = r.out();
        int section = out.indexOf("Runs by node (runs that more than one node worked on)");
        assertTrue(section >= 0, out);
        String runs = out.substring(section, out.indexOf("\n\n", section));
        assertTrue(runs.contains("run " + SHARED + " (sending), 2 waiting for any node"), runs);
        assertTrue(runs.lines().anyMatch(l -> l.strip().matches(NODE_A + " +3 +1 +0 +0")), runs);
        assertTrue(runs.lines().anyMatch(l -> l.strip().matches(NODE_B + " +2 +1 +0 +1")), runs);
        assertFalse(runs.contains(ALONE), "one node alone is not a shared run: " + runs);
    }

    @Test
    void theJsonListsEveryRunOfThePeriodWithItsNodes() throws Exception {
        CliRun.Result r = CliRun.run(ws, "report", "--as-of", "2026-11-25", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode runs = Json.MAPPER.readTree(r.out()).get("runs");
        assertEquals(2, runs.size(), r.out());
        JsonNode shared = runs.get(0);
        assertEquals(SHARED, shared.get("run_id").asText(), "newest first: " + runs);
        assertEquals(2, shared.get("waiting").asInt());
        assertEquals(NODE_A, shared.get("nodes").get(0).get("process").asText());
        assertEquals(List.of(3, 1, 0, 0), counts(shared.get("nodes").get(0)));
        assertEquals(NODE_B, shared.get("nodes").get(1).get("process").asText());
        assertEquals(List.of(2, 1, 0, 1), counts(shared.get("nodes").get(1)));
        JsonNode alone = runs.get(1);
        assertEquals(ALONE, alone.get("run_id").asText());
        assertEquals(1, alone.get("nodes").size());
        assertEquals(List.of(2, 0, 0, 0), counts(alone.get("nodes").get(0)));
    }

    @Test
    void thePageHasATableOfTheSharedRunsNodes() throws Exception {
        Path page = dir.resolve("report.html");
        assertEquals(0, CliRun.run(ws, "report", "--as-of", "2026-11-25", "--out", page.toString()).exit());
        String html = Files.readString(page, StandardCharsets.UTF_8);
        assertTrue(html.contains("<h2>Runs by node</h2>"), html);
        assertTrue(html.contains("<tr><td>" + SHARED + "</td><td>" + NODE_A + "</td><td>3</td><td>1</td><td>0</td><td>0</td></tr>"), html);
        assertTrue(html.contains("<tr><td>" + SHARED + "</td><td>" + NODE_B + "</td><td>2</td><td>1</td><td>0</td><td>1</td></tr>"), html);
        assertTrue(html.contains("<td>waiting for any node</td><td colspan=\"4\">2</td>"), html);
        assertFalse(html.contains("<td>" + ALONE + "</td>"), html);
    }

    @Test
    void aWeekWhoseOnlyRunOneNodeDidShowsNoSection() throws Exception {
        // The week of 2026-11-18 ends before the shared run: only the run node A did alone is left.
        Path page = dir.resolve("alone.html");
        CliRun.Result r = CliRun.run(ws, "report", "--as-of", "2026-11-18", "--out", page.toString());
        assertEquals(0, r.exit(), r.err());
        assertFalse(r.out().contains("Runs by node"), r.out());
        assertFalse(Files.readString(page, StandardCharsets.UTF_8).contains("Runs by node"));
        JsonNode runs = Json.MAPPER.readTree(CliRun.run(ws, "report", "--as-of", "2026-11-18", "--json").out()).get("runs");
        assertEquals(1, runs.size(), runs.toString());
        assertEquals(ALONE, runs.get(0).get("run_id").asText());
    }

    private static List<Integer> counts(JsonNode node) {
        return List.of(node.get("sent").asInt(), node.get("failed").asInt(), node.get("skipped").asInt(), node.get("claimed").asInt());
    }
}
