package rapport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The download, as a shop meets it: target/rapport-VERSION.tar.gz unpacked into a clean folder
 * and run through bin/rapport with JAVA_HOME set and a PATH that holds no Maven (nor java): init,
 * import, preview, send, and serve answering /health. Runs after {@code package} (failsafe).
 */
class DistributionIT {
    private static final String VERSION = "0.1.0";
    @TempDir Path dir;

    record Ran(int exit, String out, String err) {}

    @Test
    void theUnpackedArchiveMakesAWorkspaceAndSendsWithOnlyAJavaRuntime() throws Exception {
        Path archive = Path.of(System.getProperty("rapport.archive", "target/rapport-" + VERSION + ".tar.gz"));
        assertTrue(Files.exists(archive), "mvn package builds " + archive);
        assertEquals(0, new ProcessBuilder("tar", "xzf", archive.toAbsolutePath().toString()).directory(dir.toFile())
                .inheritIO().start().waitFor());
        Path home = dir.resolve("rapport-" + VERSION);
        for (String file : List.of("bin/rapport", "lib/rapport-" + VERSION + ".jar", "README.md", "config/rapport.yaml",
                "templates/_layout.ftlh", "samples/customers.csv")) {
            assertTrue(Files.exists(home.resolve(file)), file);
        }
        assertTrue(Files.isExecutable(home.resolve("bin/rapport")));
        Path rapport = home.resolve("bin/rapport");

        Ran init = run(dir, rapport.toString(), "init", "shop", "--name", "Sam at Corner Books", "--address", "hello@cornerbooks.example");
        assertEquals(0, init.exit(), init.err());
        Path shop = dir.resolve("shop");
        Ran imported = run(shop, rapport.toString(), "import", "samples/customers.csv");
        assertEquals(0, imported.exit(), imported.err());
        assertTrue(imported.out().contains("imported 9"), imported.out());
        Ran preview = run(shop, rapport.toString(), "preview", "alex.morgan@example.com", "--as-of", "2026-12-01");
        assertEquals(0, preview.exit(), preview.err());
        assertTrue(preview.out().contains("Chosen: welcome"), preview.out());
        Ran send = run(shop, rapport.toString(), "send", "--as-of", "2026-12-01");
        assertEquals(0, send.exit(), send.err());
        try (Stream<Path> outbox = Files.list(shop.resolve("outbox"))) {
            assertEquals(8, outbox.count(), send.out());
        }
        assertTrue(!(init.out() + imported.out() + preview.out() + send.out() + send.err()).contains("\u001b["), "no terminal colour codes");

        serveAnswersHealth(rapport, shop);
    }

    private void serveAnswersHealth(Path rapport, Path shop) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path config = shop.resolve("config/rapport.yaml");
        Files.writeString(config, Files.readString(config).replace("listen: 127.0.0.1:8080", "listen: 127.0.0.1:" + port));
        Process serve = process(shop, rapport.toString(), "serve").redirectOutput(dir.resolve("serve.out").toFile())
                .redirectError(dir.resolve("serve.err").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(serve::destroyForcibly));
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                try {
                    HttpResponse<String> answer = http.send(health, HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, answer.statusCode(), answer.body());
                    assertTrue(answer.body().contains("\"status\":\"ok\""), answer.body());
                    break;
                } catch (IOException notYet) {
                    if (!serve.isAlive()) fail("serve ended: " + Files.readString(dir.resolve("serve.err")));
                    if (System.nanoTime() > deadline) fail("serve did not answer /health within 60 s");
                    Thread.sleep(200);
                }
            }
        } finally {
            serve.destroy();
            if (!serve.waitFor(20, TimeUnit.SECONDS)) serve.destroyForcibly();
        }
    }

    private Ran run(Path in, String... command) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = process(in, command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish");
        }
        return new Ran(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /**
     * A clean environment: JAVA_HOME names this test's own runtime, and PATH is a folder with only
     * the few tools a POSIX launcher uses, so neither Maven nor a java on the PATH can be reached.
     */
    private ProcessBuilder process(Path in, String... command) throws IOException {
        Path bin = dir.resolve("path");
        if (!Files.exists(bin)) {
            Files.createDirectories(bin);
            for (String tool : List.of("sh", "dirname", "ls", "sed")) {
                Path found = Stream.of("/usr/bin", "/bin").map(d -> Path.of(d, tool)).filter(Files::isExecutable).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no " + tool));
                Files.createSymbolicLink(bin.resolve(tool), found);
            }
        }
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(in.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", bin.toString());
        builder.environment().put("HOME", dir.toString());
        builder.environment().put("TZ", "UTC");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return builder;
    }
}
