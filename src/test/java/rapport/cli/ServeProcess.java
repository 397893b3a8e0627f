package rapport.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import rapport.testing.ClassPathSnapshot;

/** {@code rapport serve} in a child JVM, as an operator runs it, with its output in files. */
record ServeProcess(Process process, Path out, Path err) {

    /** Starts serve on {@code workspace}, with the test's class path snapshotted under {@code dir}. */
    static ServeProcess start(Path dir, Path workspace, String name) throws IOException {
        return start(dir, workspace, name, Map.of());
    }

    /** As {@link #start(Path, Path, String)}, with these environment variables set (e.g. {@code RAPPORT_LOG_LEVEL}). */
    static ServeProcess start(Path dir, Path workspace, String name, Map<String, String> env) throws IOException {
        Path classPath = dir.resolve("classpath");
        Path saved = dir.resolve("classpath.txt");
        if (!Files.exists(saved)) Files.writeString(saved, ClassPathSnapshot.of(classPath));
        String cp = Files.readString(saved);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", cp, "rapport.cli.Main", "serve", "--workspace", workspace.toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("RAPPORT_HOME");
        builder.environment().putAll(env);
        Process process = builder.start();
        // A test that fails before it stops serve must not leave it holding the port for the next.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        return new ServeProcess(process, out, err);
    }

    String stdout() throws IOException {
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    String stderr() throws IOException {
        return Files.readString(err, StandardCharsets.UTF_8);
    }

    boolean printed(String text) {
        try {
            return stdout().contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGTERM, as systemd or kill sends it; the exit code. */
    int terminate() throws InterruptedException, IOException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            // A thread dump (SIGQUIT, to the child's stdout) says what serve was still waiting on.
            new ProcessBuilder("kill", "-QUIT", Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
            Thread.sleep(1_000);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("serve did not stop within 20 s of SIGTERM\n--- stderr\n" + stderr() + "\n--- stdout\n" + stdout());
        }
        return process.exitValue();
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out: " + what);
            Thread.sleep(20);
        }
    }
}
