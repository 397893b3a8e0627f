package rapport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On an embedded H2 file one {@code serve} at most: a second one, started while the first runs,
 * refuses with a line naming the first and exits 1, before it binds a port or fires anything;
 * the other commands still open the database; and a serve killed with {@code kill -9} does not
 * keep the next one out.
 */
class OneServePerDatabaseTest {
    @TempDir Path dir;

    @Test
    void aSecondServeOnTheSameEmbeddedDatabaseRefusesToStartWhileTheFirstRuns() throws Exception {
        int port = freePort();
        Path ws = CliRun.sample().trackingListen("127.0.0.1:" + port).trackingBaseUrl("http://127.0.0.1:" + port)
                .write(dir.resolve("ws"));
        ServeProcess first = ServeProcess.start(dir, ws, "first");
        ServeProcess.await(() -> first.printed("next send"), "the first serve starts");
        assertTrue(first.stdout().contains("node "), "serve names its node: " + first.stdout());

        ServeProcess second = ServeProcess.start(dir, ws, "second");
        assertTrue(second.process().waitFor(60, TimeUnit.SECONDS), "the second serve stops by itself");
        assertEquals(1, second.process().exitValue(), second.stderr());
        assertTrue(second.stderr().contains("another serve is running on"), second.stderr());
        assertTrue(second.stderr().contains("process " + first.process().pid()), "it names the first: " + second.stderr());
        assertFalse(second.printed("tracking endpoints"), second.stdout());

        CliRun.Result dryRun = CliRun.run(ws, "send", "--dry-run");
        assertEquals(0, dryRun.exit(), "other commands open the database while serve runs: " + dryRun.err());

        // Killed: the lock row stays behind, but its process is gone, so the next serve starts at once.
        first.process().destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        ServeProcess third = ServeProcess.start(dir, ws, "third");
        ServeProcess.await(() -> third.printed("next send"), "a serve after a kill -9 starts");
        assertEquals(0, third.terminate(), third.stderr());
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
