package rapport.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rapport.config.RapportConfig.Tracking.AddressRange;

/**
 * The join form behind the shop's HTTPS proxy, over real sockets against the real store: the
 * tests connect from 127.0.0.1, so with 127.0.0.1 trusted they stand for the proxy, and without
 * it they are a visitor writing {@code X-Forwarded-For} themselves.
 */
class JoiningBehindAProxyTest {
    private static final List<AddressRange> LOOPBACK = List.of(AddressRange.parse("127.0.0.1"));

    @TempDir Path dir;

    @Test
    void visitorsBehindTheTrustedProxyAreCountedEachOnTheirOwn() {
        try (JoinFixture f = JoinFixture.behind(dir, LOOPBACK)) {
            for (int i = 1; i <= 11; i++) {
                assertEquals(200, f.join("reader" + i + "@example.com", "Ann", List.of("203.0.113." + i)).statusCode(),
                        "visitor " + i);
            }
            assertEquals(11, f.count("select count(*) from signups"));
        }
    }

    @Test
    void oneVisitorBehindTheTrustedProxyIsLimitedAfterTenForms() {
        try (JoinFixture f = JoinFixture.behind(dir, LOOPBACK)) {
            for (int i = 1; i <= 10; i++) {
                // The left part is the visitor's own writing; only what the proxy appended counts.
                String forwarded = "198.51.100." + i + ", 203.0.113.9";
                assertEquals(200, f.join("reader" + i + "@example.com", "Ann", List.of(forwarded)).statusCode(), "form " + i);
            }
            assertEquals(429, f.join("reader11@example.com", "Ann", List.of("203.0.113.9")).statusCode());
            assertEquals(200, f.join("other@example.com", "Bo", List.of("203.0.113.10")).statusCode(), "another visitor");
        }
    }

    @Test
    void theConsentRecordsTheVisitorsAddressNotTheProxys() {
        try (JoinFixture f = JoinFixture.behind(dir, LOOPBACK)) {
            f.join("zoe@example.com", "Zoe", List.of("6.6.6.6", "2001:db8::7, 127.0.0.1"));
            assertEquals("2001:db8:0:0:0:0:0:7", TrackingFixture.value(f.database,
                    "select client_address from signups where email = 'zoe@example.com'"));
        }
    }

    @Test
    void aVisitorWritingTheHeaderWithoutATrustedProxyIsStillThePeer() {
        try (JoinFixture f = JoinFixture.open(dir, 0)) {
            for (int i = 1; i <= 10; i++) {
                assertEquals(200, f.join("reader" + i + "@example.com", "Ann", List.of("203.0.113." + i)).statusCode(), "form " + i);
            }
            assertEquals(429, f.join("reader11@example.com", "Ann", List.of("203.0.113.11")).statusCode(), "all from 127.0.0.1");
            assertEquals("127.0.0.1", TrackingFixture.value(f.database,
                    "select client_address from signups where email = 'reader1@example.com'"));
        }
    }
}
