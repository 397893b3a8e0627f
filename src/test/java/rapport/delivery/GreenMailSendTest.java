package rapport.delivery;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** What the send tests against a real SMTP server share: GreenMail on loopback and a {@link SendFixture} on H2. */
abstract class GreenMailSendTest {
    @TempDir Path dir;
    GreenMail greenMail;
    SendFixture fixture;

    @BeforeEach
    void startServerAndWorkspace() throws Exception {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        greenMail.start();
        fixture = SendFixture.open(dir, SendFixture.Settings.h2(dir, greenMail.getSmtp().getPort()));
    }

    @AfterEach
    void stopServerAndWorkspace() {
        fixture.close();
        greenMail.stop();
    }

    /** Messages GreenMail received, by recipient. */
    Map<String, Integer> receivedCount() {
        return SendFixture.perRecipient(greenMail.getReceivedMessages());
    }
}
