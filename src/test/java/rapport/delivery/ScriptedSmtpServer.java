package rapport.delivery;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real SMTP server on loopback whose answers a test chooses: enough ESMTP for Jakarta Mail
 * (greeting, EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), strict about command order like a
 * real server, a thread per connection. A {@link Script} may replace any reply; the server can
 * also drop connections once some messages got through, close every new connection at once, or
 * accept TCP and never say a word. Thread-safe; {@link #close()} stops every thread it started.
 */
final class ScriptedSmtpServer implements AutoCloseable {

    /** Where in the dialogue a reply is chosen. MESSAGE is the answer after the final dot. */
    enum Phase { GREETING, EHLO, MAIL, RCPT, DATA, MESSAGE }

    /**
     * How new connections are treated. STALL_IN_DATA answers up to DATA's 354 and then stops
     * reading: the client's writes block once the socket buffers are full.
     */
    enum Mode { NORMAL, CLOSE_AT_ONCE, NEVER_ANSWER, STALL_IN_DATA }

    /**
     * Chooses a reply line, {@link #DROP}, or null for the normal one. {@code recipient} is null before RCPT;
     * {@code attempt} counts from 1: RCPT commands for that recipient, else commands of that phase.
     */
    @FunctionalInterface
    interface Script {
        String reply(Phase phase, String recipient, int attempt);

        Script HEALTHY = (phase, recipient, attempt) -> null;
    }

    /** A script's answer that closes the connection instead of replying. */
    static final String DROP = "(drop the connection)";

    /** A message the server accepted (250 after the final dot), with its envelope. */
    record Accepted(String envelopeFrom, String recipient, byte[] data, Instant at) {
        MimeMessage parse() {
            try {
                return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(data));
            } catch (MessagingException e) {
                throw new IllegalStateException("the server received an unreadable message", e);
            }
        }
    }

    private final ServerSocket server;
    private final Thread acceptor;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final List<Thread> handlers = new CopyOnWriteArrayList<>();
    private final List<Accepted> accepted = new CopyOnWriteArrayList<>();
    private final Map<String, List<Instant>> rcptAttempts = new ConcurrentHashMap<>();
    private final Map<Phase, AtomicInteger> phaseCounts = new ConcurrentHashMap<>();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile Script script = Script.HEALTHY;
    private volatile Mode mode = Mode.NORMAL;
    private volatile int dropAfter = -1;
    private final AtomicInteger drops = new AtomicInteger();
    private volatile boolean closed;

    /** On a free port. */
    ScriptedSmtpServer() throws IOException {
        this(0);
    }

    ScriptedSmtpServer(int port) throws IOException {
        server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "scripted-smtp-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    ScriptedSmtpServer script(Script script) {
        this.script = script;
        return this;
    }

    ScriptedSmtpServer mode(Mode mode) {
        this.mode = mode;
        return this;
    }

    /**
     * Once {@code messages} were accepted, the next {@code times} MAIL commands get their
     * connection closed without a reply (a crash between two messages: nothing is half-sent).
     */
    ScriptedSmtpServer dropConnectionsAfter(int messages, int times) {
        drops.set(times);
        dropAfter = messages;
        return this;
    }

    /** Back to normal service: no script, no drops, new connections served. */
    ScriptedSmtpServer heal() {
        script = Script.HEALTHY;
        mode = Mode.NORMAL;
        dropAfter = -1;
        return this;
    }

    List<Accepted> accepted() {
        return List.copyOf(accepted);
    }

    List<String> acceptedRecipients() {
        return accepted.stream().map(Accepted::recipient).toList();
    }

    /** When each RCPT for this address arrived, whatever the answer was. */
    List<Instant> rcptAttempts(String recipient) {
        return List.copyOf(rcptAttempts.getOrDefault(recipient, List.of()));
    }

    int connections() {
        return connections.get();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            connections.incrementAndGet();
            sockets.add(socket);
            Mode now = mode;
            if (now == Mode.CLOSE_AT_ONCE) {
                closeQuietly(socket);
                continue;
            }
            if (now == Mode.NEVER_ANSWER) continue; // held open, silent, until close()
            Thread t = new Thread(() -> serve(socket), "scripted-smtp-" + connections.get());
            t.setDaemon(true);
            handlers.add(t);
            t.start();
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = socket.getOutputStream();
            if (!reply(out, Phase.GREETING, null, "220 scripted.test ESMTP ready")) return;
            Dialogue dialogue = new Dialogue();
            String line;
            while (!closed && (line = in.readLine()) != null) {
                if (!dialogue.handle(line, in, out)) return;
            }
        } catch (IOException e) {
            // The client went away or close() pulled the socket: this connection is over.
        } finally {
            sockets.remove(socket);
        }
    }

    /** One connection's dialogue state. */
    private final class Dialogue {
        private String from;
        private final List<String> recipients = new ArrayList<>();

        boolean handle(String line, BufferedReader in, OutputStream out) throws IOException {
            String verb = (line.length() >= 4 ? line.substring(0, 4) : line).toUpperCase(java.util.Locale.ROOT);
            switch (verb) {
                case "EHLO", "HELO" -> {
                    return reply(out, Phase.EHLO, null, verb.equals("EHLO") ? "250-scripted.test\r\n250 8BITMIME" : "250 scripted.test");
                }
                case "MAIL" -> {
                    if (from != null) return send(out, "503 5.5.1 nested MAIL command");
                    int limit = dropAfter;
                    if (limit >= 0 && accepted.size() >= limit && drops.getAndDecrement() > 0) return send(out, DROP);
                    String answer = choose(Phase.MAIL, null, "250 2.1.0 sender ok");
                    if (answer.startsWith("2")) from = address(line);
                    return send(out, answer);
                }
                case "RCPT" -> {
                    if (from == null) return send(out, "503 5.5.1 need MAIL first");
                    String rcpt = address(line);
                    List<Instant> tries = rcptAttempts.computeIfAbsent(rcpt, k -> new CopyOnWriteArrayList<>());
                    tries.add(Instant.now());
                    String answer = java.util.Objects.requireNonNullElse(script.reply(Phase.RCPT, rcpt, tries.size()), "250 2.1.5 recipient ok");
                    if (answer.startsWith("2")) recipients.add(rcpt);
                    return send(out, answer);
                }
                case "DATA" -> {
                    if (recipients.isEmpty()) return send(out, "503 5.5.1 no valid recipients");
                    String first = recipients.get(0);
                    String go = choose(Phase.DATA, first, "354 end with <CRLF>.<CRLF>");
                    boolean open = send(out, go);
                    if (!go.startsWith("3")) return open;
                    if (mode == Mode.STALL_IN_DATA) return stall();
                    byte[] data = readData(in);
                    String done = choose(Phase.MESSAGE, first, "250 2.0.0 queued");
                    if (done.startsWith("2")) {
                        for (String r : recipients) accepted.add(new Accepted(from, r, data, Instant.now()));
                    }
                    reset();
                    return send(out, done);
                }
                case "RSET" -> {
                    reset();
                    return send(out, "250 2.0.0 reset");
                }
                case "NOOP" -> {
                    return send(out, "250 2.0.0 ok");
                }
                case "QUIT" -> {
                    send(out, "221 2.0.0 bye");
                    return false;
                }
                default -> {
                    return send(out, "500 5.5.2 unknown command");
                }
            }
        }

        private void reset() {
            from = null;
            recipients.clear();
        }
    }

    /** Holds the connection without reading from it until the server closes. */
    private boolean stall() {
        while (!closed) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return false;
    }

    private String choose(Phase phase, String recipient, String normal) {
        int attempt = phaseCounts.computeIfAbsent(phase, p -> new AtomicInteger()).incrementAndGet();
        String answer = script.reply(phase, recipient, attempt);
        return answer == null ? normal : answer;
    }

    /** Sends the chosen or normal reply; false when the connection should end (a 421). */
    private boolean reply(OutputStream out, Phase phase, String recipient, String normal) throws IOException {
        String answer = choose(phase, recipient, normal);
        return send(out, answer) && !answer.startsWith("421");
    }

    private static boolean send(OutputStream out, String answer) throws IOException {
        if (answer.equals(DROP)) throw new IOException("dropped by the script"); // serve() closes the socket
        out.write((answer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return !answer.startsWith("421");
    }

    private static byte[] readData(BufferedReader in) throws IOException {
        StringBuilder data = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null && !line.equals(".")) {
            data.append(line.startsWith(".") ? line.substring(1) : line).append("\r\n");
        }
        if (line == null) throw new IOException("the client went away inside DATA");
        return data.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String address(String line) {
        int open = line.indexOf('<');
        int close = line.indexOf('>', open + 1);
        return open < 0 || close < 0 ? line.substring(line.indexOf(':') + 1).trim() : line.substring(open + 1, close);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already gone.
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sockets.forEach(ScriptedSmtpServer::closeQuietly);
        try {
            acceptor.join(2000);
            for (Thread t : handlers) t.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
