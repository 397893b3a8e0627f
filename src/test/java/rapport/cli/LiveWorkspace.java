package rapport.cli;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import rapport.TestWorkspace;

/**
 * What the end-to-end tests share: a real SMTP server (GreenMail) that receives every note, and
 * a free loopback port where {@code rapport serve} will answer the links in them. Not thread-safe.
 */
final class LiveWorkspace implements AutoCloseable {
    final GreenMail mail;
    final int port;
    final String base;

    private LiveWorkspace(GreenMail mail, int port) {
        this.mail = mail;
        this.port = port;
        this.base = "http://127.0.0.1:" + port;
    }

    static LiveWorkspace start() {
        GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        mail.start();
        try (ServerSocket s = new ServerSocket(0)) {
            return new LiveWorkspace(mail, s.getLocalPort());
        } catch (IOException e) {
            mail.stop();
            throw new UncheckedIOException(e);
        }
    }

    /** The workspace sending to this SMTP server, with its links and {@code serve} on this port. */
    TestWorkspace wire(TestWorkspace workspace) {
        return workspace.smtp("127.0.0.1", mail.getSmtp().getPort()).trackingBaseUrl(base).trackingListen("127.0.0.1:" + port);
    }

    @Override
    public void close() {
        mail.stop();
    }
}
