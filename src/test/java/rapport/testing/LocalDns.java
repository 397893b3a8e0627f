package rapport.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.directory.InitialDirContext;
import java.util.Hashtable;

/**
 * A DNS server on loopback for one test: Debian's {@code dnsmasq}, answering only from the
 * records given (TXT and MX), with every other name under {@code .example} answered "no such
 * name" and nothing forwarded anywhere. {@link #available()} says whether dnsmasq is installed
 * ({@code .ci/run} installs it). Not thread-safe; close it to stop the server.
 */
public final class LocalDns implements AutoCloseable {
    private static final List<Path> PLACES = List.of(Path.of("/usr/sbin/dnsmasq"), Path.of("/usr/bin/dnsmasq"), Path.of("/sbin/dnsmasq"));

    private final Process process;
    private final int port;

    private LocalDns(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static boolean available() {
        return PLACES.stream().anyMatch(Files::isExecutable);
    }

    /** The records to serve, built up before {@link #start()}. */
    public static Records records() {
        return new Records();
    }

    public int port() {
        return port;
    }

    /** {@code doctor.dns} for a configuration: {@code 127.0.0.1:PORT}. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    /** What the server answers. */
    public static final class Records {
        private final List<String> options = new ArrayList<>();

        private Records() {}

        /**
         * A TXT record of these strings (usually one; a long record is published as several).
         * Given on dnsmasq's command line as they are, so none may hold a comma or a quote.
         */
        public Records txt(String name, String... strings) {
            for (String s : strings) {
                if (s.contains(",") || s.contains("\"")) throw new IllegalArgumentException("no commas or quotes: " + s);
            }
            options.add("--txt-record=" + name + "," + String.join(",", strings));
            return this;
        }

        public Records mx(String name, String host, int preference) {
            options.add("--mx-host=" + name + "," + host + "," + preference);
            return this;
        }

        public LocalDns start() throws IOException, InterruptedException {
            Path binary = PLACES.stream().filter(Files::isExecutable).findFirst()
                    .orElseThrow(() -> new IllegalStateException("dnsmasq is not installed"));
            int port = freePort();
            List<String> command = new ArrayList<>(List.of(binary.toString(), "--keep-in-foreground", "--conf-file=/dev/null",
                    "--no-resolv", "--no-hosts", "--no-poll", "--bind-interfaces", "--listen-address=127.0.0.1", "--port=" + port,
                    "--pid-file=", "--local=/example/", "--log-facility=-"));
            command.addAll(options);
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            LocalDns dns = new LocalDns(process, port);
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
            dns.awaitAnswers();
            return dns;
        }
    }

    /** Waits until the server answers a query (an unknown name), or fails after a few seconds. */
    private void awaitAnswers() throws InterruptedException {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
        env.put(Context.PROVIDER_URL, "dns://127.0.0.1:" + port);
        env.put("com.sun.jndi.dns.timeout.initial", "200");
        env.put("com.sun.jndi.dns.timeout.retries", "1");
        for (int i = 0; i < 50; i++) {
            if (!process.isAlive()) throw new IllegalStateException("dnsmasq stopped at once (exit " + process.exitValue() + ")");
            try {
                new InitialDirContext(env).getAttributes("ready.example", new String[] {"TXT"});
                return;
            } catch (javax.naming.NameNotFoundException e) {
                return; // it answered: no such name
            } catch (NamingException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("dnsmasq did not answer on 127.0.0.1:" + port);
    }

    /** A port free for both UDP and TCP on loopback right now. */
    private static int freePort() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int i = 0; i < 20; i++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, loopback)) {
                int port = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(port, loopback)) {
                    return port;
                } catch (IOException e) {
                    // taken for UDP: try another
                }
            }
        }
        throw new IOException("no free port on loopback");
    }

    @Override
    public void close() throws InterruptedException {
        // Killed outright: it holds nothing worth an orderly stop, and it may not heed a first SIGTERM.
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
    }
}
