package rapport.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The limits in front of the endpoints, through real sockets: a request must arrive whole within
 * its deadline however steadily its bytes trickle, and headers have a size limit. The endpoint
 * here echoes the body it was given.
 */
class HttpFrontTest {
    private static final Duration HEADER_DEADLINE = Duration.ofMillis(800);
    private static final Duration BODY_DEADLINE = Duration.ofMillis(800);

    private HttpFront front;

    @BeforeEach
    void start() {
        HttpFront.Limits limits = new HttpFront.Limits(HEADER_DEADLINE, BODY_DEADLINE, Duration.ofSeconds(30), 100, 2048, 4);
        front = HttpFront.start("127.0.0.1", 0, limits, ex -> {
            try (ex) {
                byte[] body = ex.getRequestBody().readAllBytes();
                ex.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
                if (body.length > 0) {
                    try (var out = ex.getResponseBody()) {
                        out.write(body);
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @AfterEach
    void stop() {
        front.stop();
    }

    @Test
    void aClientThatTricklesItsHeadersIsDisconnectedAtTheDeadlineThoughItNeverFallsSilent() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "GET /o/x.gif HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            long took = millisUntilClosed(socket, "X");
            assertTrue(took >= HEADER_DEADLINE.toMillis() - 300 && took < HEADER_DEADLINE.toMillis() + 1500, "closed after " + took + " ms");
        }
    }

    @Test
    void aClientThatTricklesABodyIsDisconnectedAtTheDeadlineWhileAPromptOneIsAnswered() throws Exception {
        try (Socket slow = connect(); Socket prompt = connect()) {
            send(slow, "POST /u/x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\na");
            send(prompt, "POST /u/x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");
            String answer = readAll(prompt);
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertTrue(answer.endsWith("hello"), answer);
            long took = millisUntilClosed(slow, "b");
            assertTrue(took < BODY_DEADLINE.toMillis() + 1500, "closed after " + took + " ms");
        }
    }

    @Test
    void headersOverTheLimitAreRefused() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "GET /o/x.gif HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Long: " + "a".repeat(3000) + "\r\n\r\n");
            String answer = readAll(socket);
            assertTrue(answer.startsWith("HTTP/1.1 431"), answer);
        }
    }

    /**
     * Sends one more byte every 100 ms (so that an idle timeout alone would never fire) until the
     * server closes the connection; how long that took. Fails after 4 s.
     */
    private static long millisUntilClosed(Socket socket, String oneByte) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < 40; i++) {
            Thread.sleep(100);
            try {
                send(socket, oneByte);
            } catch (SocketException e) {
                return Duration.ofNanos(System.nanoTime() - start).toMillis();
            }
            if (closedByServer(socket)) return Duration.ofNanos(System.nanoTime() - start).toMillis();
        }
        throw new AssertionError("still connected after 4 s");
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", front.port());
        socket.setSoTimeout(5000);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** Whether the server has closed its side (a read finds the end, or a reset). */
    private static boolean closedByServer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        socket.setSoTimeout(1);
        try {
            while (true) {
                int b = in.read();
                if (b == -1) return true;
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        } finally {
            if (!socket.isClosed()) socket.setSoTimeout(5000);
        }
    }

    private static String readAll(Socket socket) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            socket.getInputStream().transferTo(out);
        } catch (SocketException e) {
            // A reset after the answer: what was read is the answer.
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
