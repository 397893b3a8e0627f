package rapport.dkim;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.InitialDirContext;

/**
 * The verifier nobody on the team wrote: Debian's dkimpy ({@code python3-dkim}, the library
 * behind {@code dkimverify}), run through {@code verify.py}, which looks keys up only on a
 * dnsmasq of our own on loopback serving the records given here. {@code .ci/run} installs both;
 * {@link #missing()} names what is not there, for a test to skip saying why. One per test.
 */
public final class Dkimpy implements AutoCloseable {
    private static final List<Path> DNSMASQ = List.of(Path.of("/usr/sbin/dnsmasq"), Path.of("/usr/bin/dnsmasq"), Path.of("/sbin/dnsmasq"));
    private static final Duration READY = Duration.ofSeconds(10);
    /** Debian's own python, where python3-dkim installs: a python3 earlier on the PATH (pyenv, a venv) would not see it. */
    private static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

    private final Process dnsmasq;
    private final int port;
    private final Path dir;

    private Dkimpy(Process dnsmasq, int port, Path dir) {
        this.dnsmasq = dnsmasq;
        this.port = port;
        this.dir = dir;
    }

    /** What this machine lacks to verify (empty when nothing): dnsmasq, or python3 with dkimpy, dnspython and PyNaCl. */
    public static Optional<String> missing() {
        if (dnsmasq().isEmpty()) return Optional.of("dnsmasq is not installed (apt-get install dnsmasq-base; .ci/run does)");
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import dkim, dns.resolver, nacl").redirectErrorStream(true).start();
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) return Optional.of("python3-dkim, python3-dnspython or python3-nacl is missing (.ci/run installs them): " + said.strip());
        } catch (IOException e) {
            return Optional.of("python3 is not installed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
        return Optional.empty();
    }

    private static Optional<Path> dnsmasq() {
        return DNSMASQ.stream().filter(Files::isExecutable).findFirst();
    }

    /** A dnsmasq on 127.0.0.1 at a free port answering for these records only, ready when this returns. */
    public static Dkimpy serving(Path dir, DkimRecord... records) throws IOException, InterruptedException {
        List<String> txt = new ArrayList<>();
        for (DkimRecord r : records) txt.add(txtRecord(r.name(), r.strings()));
        return serving(dir, records[0].name(), txt);
    }

    /** {@code --txt-record=NAME,STRING,STRING}: dnsmasq's form, one DNS string between commas. */
    public static String txtRecord(String name, List<String> strings) {
        return "--txt-record=" + name + "," + String.join(",", strings);
    }

    /** A dnsmasq serving the given {@code --txt-record} options; ready once {@code probe} resolves. */
    public static Dkimpy serving(Path dir, String probe, List<String> txtRecords) throws IOException, InterruptedException {
        int port;
        try (DatagramSocket s = new DatagramSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(dnsmasq().orElseThrow().toString(), "--no-daemon", "--conf-file=/dev/null",
                "--port=" + port, "--listen-address=127.0.0.1", "--bind-interfaces", "--no-resolv", "--no-hosts"));
        command.addAll(txtRecords);
        Files.createDirectories(dir);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("dnsmasq.log").toFile()).start();
        Dkimpy dns = new Dkimpy(p, port, dir);
        long deadline = System.nanoTime() + READY.toNanos();
        while (dns.lookup(probe).isEmpty()) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                dns.close();
                throw new IllegalStateException("dnsmasq did not answer: " + Files.readString(dir.resolve("dnsmasq.log")));
            }
            Thread.sleep(50);
        }
        return dns;
    }

    /** The TXT strings of {@code name} on this server, joined, as a receiver reads them; empty when none. */
    public Optional<String> lookup(String name) {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
        env.put(Context.PROVIDER_URL, "dns://127.0.0.1:" + port);
        env.put("com.sun.jndi.dns.timeout.initial", "200");
        env.put("com.sun.jndi.dns.timeout.retries", "1");
        try {
            Attribute txt = new InitialDirContext(env).getAttributes(name, new String[] {"TXT"}).get("TXT");
            if (txt == null) return Optional.empty();
            // JNDI gives the strings of one record space-separated, each maybe quoted.
            return Optional.of(String.valueOf(txt.get()));
        } catch (NamingException e) {
            return Optional.empty();
        }
    }

    /** dkimpy's verdict on each message: "pass", or "fail: " and what it said. */
    public List<String> verify(List<byte[]> messages) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON, script().toString(), String.valueOf(port)));
        for (int i = 0; i < messages.size(); i++) {
            Path file = Files.createTempFile(dir, "message-" + i + "-", ".eml");
            Files.write(file, messages.get(i));
            command.add(file.toString());
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("dkimpy did not finish");
        }
        List<String> verdicts = out.lines().filter(l -> l.equals("pass") || l.startsWith("fail")).toList();
        if (verdicts.size() != messages.size()) throw new IllegalStateException("dkimpy said: " + out);
        return verdicts;
    }

    /** dkimpy's verdict on one message. */
    public String verify(byte[] message) throws IOException, InterruptedException {
        return verify(List.of(message)).get(0);
    }

    private static Path script() {
        try {
            return Path.of(Dkimpy.class.getResource("verify.py").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        dnsmasq.destroy();
        try {
            if (!dnsmasq.waitFor(5, TimeUnit.SECONDS)) dnsmasq.destroyForcibly();
        } catch (InterruptedException e) {
            dnsmasq.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
