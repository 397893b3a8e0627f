package rapport.tracking;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP server in front of the tracking endpoints (Jetty), built so that clients who never
 * finish their request cannot take the endpoints away from everyone else: a stalled request holds
 * a connection, never a thread. Connections are read by one selector; a request reaches a thread
 * only once its headers and its whole (small) body are in. Beyond that, {@link Limits} bound how
 * long a request may take to arrive, how many connections are open and how large headers are.
 *
 * <p>Each complete request is handed to the endpoints as an {@link HttpExchange} on a pool thread.
 * Thread-safe.
 */
final class HttpFront {
    /** A body over the limit but under this is read and dropped before its 413; a larger one is refused unread. */
    static final int DRAIN_LIMIT = 4 * Responses.MAX_BODY;

    /**
     * {@code headerTimeout}: from the connection's opening (or the end of its last answer) until
     * the next request's headers are in; {@code bodyTimeout}: from the headers until the whole body
     * is in; {@code idleTimeout}: the longest silence on a connection; {@code maxConnections}: open
     * at once (beyond it the server stops accepting until one closes); {@code maxHeaderBytes}: the
     * request line and headers (a 431 beyond); {@code threads}: that answer complete requests.
     * Immutable.
     */
    record Limits(Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout, int maxConnections, int maxHeaderBytes,
                  int threads) {
        Limits {
            if (maxConnections < 1 || maxHeaderBytes < 1024 || threads < 1) {
                throw new IllegalArgumentException("maxConnections and threads must be at least 1, maxHeaderBytes at least 1024");
            }
        }

        /**
         * A mail client or provider sends a request in one packet or two: seconds are generous.
         * Header bytes: the longest honest request is a click carrying its target address.
         */
        static Limits defaults(int threads) {
            return new Limits(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(30), 4000, 8192, threads);
        }
    }

    private final Server server;
    private final int port;

    private HttpFront(Server server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Listens on {@code host:port} (0: any free port) and hands every complete request to
     * {@code endpoints}, which must answer and close the exchange.
     *
     * @throws UncheckedIOException when the address cannot be bound
     */
    static HttpFront start(String host, int port, Limits limits, Consumer<HttpExchange> endpoints) {
        QueuedThreadPool threads = new QueuedThreadPool(limits.threads() + 4, Math.min(4, limits.threads() + 4));
        threads.setName("rapport-tracking");
        threads.setDaemon(true);
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(limits.maxHeaderBytes());
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setAcceptQueueSize(256);
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        Deadlines deadlines = new Deadlines(limits.headerTimeout(), limits.bodyTimeout());
        connector.addEventListener(deadlines);
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
        server.setHandler(new Endpoints(deadlines, endpoints));
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            if (e instanceof IOException io) throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": " + io.getMessage(), io);
            throw new IllegalStateException("cannot start the tracking server: " + e.getMessage(), e);
        }
        deadlines.sweepEvery(Duration.ofMillis(250), connector.getScheduler());
        return new HttpFront(server, connector.getLocalPort());
    }

    /** The port listened on (the one chosen when started with 0), also after {@link #stop}. */
    int port() {
        return port;
    }

    /** Stops listening and closes every connection; answers already handed over have been written. */
    void stop() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the tracking server: " + e.getMessage(), e);
        }
    }

    /** Reads each request's body without a thread, then answers it on one. */
    private static final class Endpoints extends Handler.Abstract {
        private final Deadlines deadlines;
        private final Consumer<HttpExchange> endpoints;

        Endpoints(Deadlines deadlines, Consumer<HttpExchange> endpoints) {
            this.deadlines = deadlines;
            this.endpoints = endpoints;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            Connection connection = request.getConnectionMetaData().getConnection();
            URI uri;
            try {
                uri = URI.create(request.getHttpURI().getPathQuery());
            } catch (IllegalArgumentException e) {
                deadlines.answering(connection);
                Response.writeError(request, response, callback, 400);
                return true;
            }
            long announced = request.getLength();
            boolean chunked = request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
            if ((announced <= 0 && !chunked) || announced > DRAIN_LIMIT) {
                // No body, or one so large that it is refused (413) unread and the connection closed.
                answer(request, response, callback, uri, new byte[0]);
            } else {
                deadlines.reading(connection);
                new BodyReader(request, response, callback, uri).read();
            }
            return true;
        }

        private void answer(Request request, Response response, Callback callback, URI uri, byte[] body) {
            Connection connection = request.getConnectionMetaData().getConnection();
            deadlines.answering(connection);
            JettyExchange exchange = new JettyExchange(request, response, uri, body);
            try {
                endpoints.accept(exchange);
            } finally {
                exchange.close();
            }
            if (exchange.failure() == null) {
                deadlines.waiting(connection);
                callback.succeeded();
            } else {
                callback.failed(exchange.failure());
            }
        }

        /**
         * Gathers the body as it arrives, up to one byte past the endpoints' limit (so that they
         * see it is too large), then answers. A body a little over the limit is read to its end
         * and dropped before the 413 goes out: a client still writing when the connection closes
         * sees a reset instead of the answer. Jetty calls {@link #read} again when more arrives.
         */
        private final class BodyReader {
            private final Request request;
            private final Response response;
            private final Callback callback;
            private final URI uri;
            private final ByteArrayOutputStream body = new ByteArrayOutputStream();
            private long seen;

            BodyReader(Request request, Response response, Callback callback, URI uri) {
                this.request = request;
                this.response = response;
                this.callback = callback;
                this.uri = uri;
            }

            void read() {
                while (true) {
                    Content.Chunk chunk = request.read();
                    if (chunk == null) {
                        request.demand(this::read);
                        return;
                    }
                    if (Content.Chunk.isFailure(chunk)) {
                        // The client left, or its deadline closed the connection: nothing to
                        // answer, and nothing worth a warning (an attack makes hundreds).
                        callback.failed(new EofException(chunk.getFailure()));
                        return;
                    }
                    ByteBuffer bytes = chunk.getByteBuffer();
                    seen += bytes.remaining();
                    int take = Math.max(0, Math.min(bytes.remaining(), Responses.MAX_BODY + 1 - body.size()));
                    byte[] copy = new byte[take];
                    bytes.get(copy);
                    body.write(copy, 0, take);
                    boolean last = chunk.isLast();
                    chunk.release();
                    if (last || seen > DRAIN_LIMIT) {
                        answer(request, response, callback, uri, body.toByteArray());
                        return;
                    }
                }
            }
        }
    }
}
