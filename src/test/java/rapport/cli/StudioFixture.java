package rapport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import rapport.studio.Studio;

/**
 * A running studio for the tests: the sample workspace with its customers imported and a piece
 * lint refuses, sending through GreenMail, on a free port, on a fixed day. Not thread-safe.
 */
final class StudioFixture implements AutoCloseable {
    static final Instant AS_OF = Instant.parse("2026-11-24T15:00:00Z");
    /** A piece that lint refuses: it speaks to nobody in particular. */
    static final String BLAST = """
            <#--
            subject: "Everything must go"
            stages: [new]
            kind: story
            priority: 10
            repeat: never
            -->
            <#import "_layout.ftlh" as layout>
            <@layout.page preheader="Our biggest sale.">
            <p>Everything must go this weekend.</p>
            <@layout.signature/>
            </@layout.page>
            """;

    final LiveWorkspace live;
    final Path ws;
    final Workspace workspace;
    final Studio studio;
    final String base;

    private StudioFixture(LiveWorkspace live, Path ws, Workspace workspace, Studio studio) {
        this.live = live;
        this.ws = ws;
        this.workspace = workspace;
        this.studio = studio;
        this.base = "http://127.0.0.1:" + studio.port();
    }

    static StudioFixture start(Path dir) {
        LiveWorkspace live = LiveWorkspace.start();
        Path ws = live.wire(CliRun.sample()).template("blast.ftlh", BLAST).write(dir);
        CliRun.Result r = CliRun.run(ws, "import", ws.resolve("samples/customers.csv").toString());
        assertEquals(0, r.exit(), r.err());
        Workspace workspace = Workspace.open(ws, Map.of(), Clock.fixed(AS_OF, ZoneOffset.UTC));
        return new StudioFixture(live, ws, workspace, StudioCommand.open(workspace, 0));
    }

    /** The cookie the studio sets for the key in its address, as a request sends it back ({@code name=value}). */
    String cookie(HttpClient http) throws Exception {
        HttpResponse<String> in = http.send(HttpRequest.newBuilder(URI.create(studio.url())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(303, in.statusCode());
        return in.headers().firstValue("Set-Cookie").orElseThrow();
    }

    @Override
    public void close() {
        studio.close();
        workspace.close();
        live.close();
    }
}
