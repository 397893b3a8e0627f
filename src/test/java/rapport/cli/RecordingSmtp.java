package rapport.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A tiny SMTP server on loopback that accepts every message and records, for each, its recipient
 * and Message-ID: every message, duplicates included, in far less memory than a full mail server
 * would keep for tens of thousands of them. Thread-safe; one thread per connection.
 */
final class RecordingSmtp implements AutoCloseable {
    /** One accepted message. */
    record Received(String recipient, String messageId) {}

    private final ServerSocket server;
    private final List<Received> received = new ArrayList<>();
    private final Set<Socket> open = new HashSet<>();
    private volatile boolean closing;

    private RecordingSmtp(ServerSocket server) {
        this.server = server;
    }

    static RecordingSmtp start() throws IOException {
        RecordingSmtp smtp = new RecordingSmtp(new ServerSocket(0, 200, InetAddress.getLoopbackAddress()));
        Thread accept = new Thread(smtp::accept, "recording-smtp");
        accept.setDaemon(true);
        accept.start();
        return smtp;
    }

    int port() {
        return server.getLocalPort();
    }

    synchronized int count() {
        return received.size();
    }

    synchronized List<Received> received() {
        return List.copyOf(received);
    }

    /** The distinct Message-IDs each recipient got. */
    synchronized Map<String, Set<String>> messageIdsByRecipient() {
        Map<String, Set<String>> out = new HashMap<>();
        for (Received r : received) out.computeIfAbsent(r.recipient(), k -> new HashSet<>()).add(r.messageId());
        return out;
    }

    private void accept() {
        while (!closing) {
            try {
                Socket socket = server.accept();
                synchronized (this) {
                    open.add(socket);
                }
                Thread t = new Thread(() -> converse(socket), "recording-smtp-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void converse(Socket socket) {
        try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
             OutputStream out = socket.getOutputStream()) {
            reply(out, "220 recording-smtp ready");
            String recipient = null;
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.toUpperCase(Locale.ROOT);
                if (command.startsWith("EHLO")) {
                    reply(out, "250-recording-smtp\r\n250 8BITMIME");
                } else if (command.startsWith("HELO") || command.startsWith("MAIL") || command.startsWith("RSET")
                        || command.startsWith("NOOP")) {
                    if (command.startsWith("RSET") || command.startsWith("MAIL")) recipient = null;
                    reply(out, "250 ok");
                } else if (command.startsWith("RCPT")) {
                    recipient = line.substring(line.indexOf('<') + 1, line.lastIndexOf('>')).toLowerCase(Locale.ROOT);
                    reply(out, "250 ok");
                } else if (command.startsWith("DATA")) {
                    reply(out, "354 go ahead");
                    String messageId = readMessage(in);
                    synchronized (this) {
                        received.add(new Received(recipient, messageId));
                    }
                    reply(out, "250 accepted");
                } else if (command.startsWith("QUIT")) {
                    reply(out, "221 bye");
                    return;
                } else {
                    reply(out, "502 not here");
                }
            }
        } catch (IOException e) {
            // The client went away (a node killed mid-message): nothing was accepted.
        } finally {
            synchronized (this) {
                open.remove(socket);
            }
        }
    }

    /** Reads the message up to its lone dot; returns its Message-ID header. */
    private static String readMessage(BufferedReader in) throws IOException {
        String messageId = null;
        boolean headers = true;
        String line;
        while ((line = in.readLine()) != null && !line.equals(".")) {
            if (line.isEmpty()) headers = false;
            if (headers && messageId == null && line.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                messageId = line.substring(11).trim();
            }
        }
        if (line == null) throw new IOException("the client went away mid-message");
        return messageId;
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        closing = true;
        server.close();
        synchronized (this) {
            for (Socket s : open) s.close();
        }
    }
}
