package rapport.tracking;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.FutureCallback;

/**
 * One request of the Jetty server seen as the JDK's {@link HttpExchange}, so that the endpoints
 * stay written against that small API. The request body is already in memory (read without a
 * thread by {@link HttpFront}); the answer is gathered in memory and written in one go, as the
 * endpoints only ever answer a page, an image or a redirect: as the JDK's server does, when
 * headers without a body are sent, or when the body's stream or the exchange is closed.
 * {@link #getHttpContext()} and {@link #getPrincipal()} are null: nothing here uses them.
 * Used by one thread at a time.
 */
final class JettyExchange extends HttpExchange {
    private final Request request;
    private final Response response;
    private final URI uri;
    private final Headers responseHeaders = new Headers();
    private Headers requestHeaders;
    private InputStream in;
    private OutputStream out;
    private final ByteArrayOutputStream buffered = new ByteArrayOutputStream() {
        @Override
        public void close() throws IOException {
            writeAnswer();
            if (failure != null) throw new IOException("the answer could not be written", failure);
        }
    };
    private int responseCode = -1;
    private boolean written;
    private Throwable failure;

    JettyExchange(Request request, Response response, URI uri, byte[] body) {
        this.request = request;
        this.response = response;
        this.uri = uri;
        this.in = new ByteArrayInputStream(body);
        this.out = buffered;
    }

    /** Why the answer could not be written (the client left, the server stopped), or null. */
    Throwable failure() {
        return failure;
    }

    @Override
    public Headers getRequestHeaders() {
        if (requestHeaders == null) {
            Headers headers = new Headers();
            for (HttpField field : request.getHeaders()) {
                if (field.getValue() != null) headers.add(field.getName(), field.getValue());
            }
            requestHeaders = headers;
        }
        return requestHeaders;
    }

    @Override
    public Headers getResponseHeaders() {
        return responseHeaders;
    }

    @Override
    public URI getRequestURI() {
        return uri;
    }

    @Override
    public String getRequestMethod() {
        return request.getMethod();
    }

    @Override
    public HttpContext getHttpContext() {
        return null;
    }

    /** As the JDK's: {@code length} -1 means no body, above 0 the body's exact length. */
    @Override
    public void sendResponseHeaders(int code, long length) throws IOException {
        if (responseCode != -1) throw new IOException("headers already sent");
        responseCode = code;
        response.setStatus(code);
        HttpFields.Mutable headers = response.getHeaders();
        for (Map.Entry<String, List<String>> header : responseHeaders.entrySet()) {
            for (String value : header.getValue()) headers.add(header.getKey(), value);
        }
        if (length > 0) headers.put(HttpHeader.CONTENT_LENGTH, length);
        if (length == -1) writeAnswer();
    }

    /** Writes the answer gathered so far, if not yet written. Idempotent. */
    @Override
    public void close() {
        if (responseCode == -1 && !written) {
            written = true;
            failure = new IllegalStateException("the endpoint closed the exchange without answering");
        }
        writeAnswer();
    }

    /** Writes the answer and waits until the connection has taken it (or the idle timeout). */
    private void writeAnswer() {
        if (written || responseCode == -1) return;
        written = true;
        FutureCallback done = new FutureCallback();
        response.write(true, ByteBuffer.wrap(buffered.toByteArray()), done);
        try {
            done.get();
        } catch (ExecutionException e) {
            failure = e.getCause();
        } catch (InterruptedException e) {
            failure = e;
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public InputStream getRequestBody() {
        return in;
    }

    @Override
    public OutputStream getResponseBody() {
        return out;
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return inet(request.getConnectionMetaData().getRemoteSocketAddress());
    }

    @Override
    public int getResponseCode() {
        return responseCode;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return inet(request.getConnectionMetaData().getLocalSocketAddress());
    }

    @Override
    public String getProtocol() {
        return request.getConnectionMetaData().getProtocol();
    }

    @Override
    public Object getAttribute(String name) {
        return request.getAttribute(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        request.setAttribute(name, value);
    }

    @Override
    public void setStreams(InputStream i, OutputStream o) {
        if (i != null) in = i;
        if (o != null) out = o;
    }

    @Override
    public HttpPrincipal getPrincipal() {
        return null;
    }

    private static InetSocketAddress inet(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet : null;
    }
}
