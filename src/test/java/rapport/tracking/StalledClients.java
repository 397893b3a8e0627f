package rapport.tracking;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Loopback connections that start a request and never finish it, as slowhttptest does: some send
 * a request line and then one more header byte every {@code tick} (slowloris), others send whole
 * headers announcing a body and then one more body byte every tick. Closing closes every socket.
 */
final class StalledClients implements AutoCloseable {
    private final List<Socket> sockets = new ArrayList<>();
    private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "stalled-clients");
        t.setDaemon(true);
        return t;
    });

    /** Opens {@code headers} slowloris connections and {@code bodies} slow POSTs to {@code postPath}. */
    StalledClients(int port, int headers, int bodies, String getPath, String postPath, long tickMillis) throws IOException {
        try {
            for (int i = 0; i < headers; i++) {
                open(port, "GET " + getPath + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-a: ");
            }
            for (int i = 0; i < bodies; i++) {
                open(port, "POST " + postPath + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                        + "Content-Length: 4000\r\n\r\nList-Unsubscribe=");
            }
        } catch (IOException e) {
            close();
            throw e;
        }
        trickle.scheduleWithFixedDelay(this::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
    }

    private void open(int port, String start) throws IOException {
        Socket socket = new Socket();
        synchronized (sockets) {
            sockets.add(socket);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.getOutputStream().write(start.getBytes(StandardCharsets.US_ASCII));
    }

    /** How many of the connections the server has not closed (as far as a write can tell). */
    int open() {
        synchronized (sockets) {
            return (int) sockets.stream().filter(s -> !s.isClosed()).count();
        }
    }

    private void tick() {
        synchronized (sockets) {
            for (Socket socket : sockets) {
                if (socket.isClosed()) continue;
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write('x');
                    out.flush();
                } catch (IOException e) {
                    // The server closed it: that is what it may do to a client this slow.
                    closeQuietly(socket);
                }
            }
        }
    }

    @Override
    public void close() {
        trickle.shutdownNow();
        try {
            trickle.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (sockets) {
            sockets.forEach(StalledClients::closeQuietly);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing is all that is left to do with it.
        }
    }
}
