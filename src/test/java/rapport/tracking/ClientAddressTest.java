package rapport.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import rapport.config.RapportConfig.Tracking.AddressRange;

/** Which address is the client, read the way the join form reads it behind the shop's proxies. */
class ClientAddressTest {
    private static final ClientAddress BEHIND_PROXIES = new ClientAddress(ranges("10.0.0.1", "192.168.0.0/16", "::1"));

    private static List<AddressRange> ranges(String... written) {
        return Arrays.stream(written).map(AddressRange::parse).toList();
    }

    private static InetAddress ip(String literal) {
        return AddressRange.literal(literal).orElseThrow();
    }

    private static String client(ClientAddress clients, String peer, String... forwarded) {
        return clients.behind(ip(peer), List.of(forwarded)).getHostAddress();
    }

    @Test
    void withNoTrustedProxyTheHeaderIsIgnored() {
        assertEquals("10.0.0.1", client(new ClientAddress(List.of()), "10.0.0.1", "203.0.113.9"));
    }

    @Test
    void aVisitorConnectingDirectlyCannotNameAnotherClient() {
        assertEquals("198.51.100.4", client(BEHIND_PROXIES, "198.51.100.4", "203.0.113.9"));
    }

    @Test
    void behindATrustedProxyTheAddressItAppendedIsTheClient() {
        assertEquals("203.0.113.9", client(BEHIND_PROXIES, "10.0.0.1", "203.0.113.9"));
    }

    @Test
    void whatTheVisitorWroteLeftOfTheProxysEntryIsNotBelieved() {
        assertEquals("203.0.113.9", client(BEHIND_PROXIES, "10.0.0.1", "1.2.3.4, 203.0.113.9"));
        assertEquals("203.0.113.9", client(BEHIND_PROXIES, "10.0.0.1", "not an address, 203.0.113.9"));
    }

    @Test
    void trustedProxiesInTheChainArePassedOverFromTheRight() {
        assertEquals("203.0.113.9", client(BEHIND_PROXIES, "10.0.0.1", "1.2.3.4, 203.0.113.9, 192.168.4.2,10.0.0.1"));
    }

    @Test
    void severalHeadersAreOneListInOrder() {
        assertEquals("203.0.113.9", client(BEHIND_PROXIES, "10.0.0.1", "1.2.3.4", "203.0.113.9, 192.168.4.2"));
        assertEquals("198.51.100.4", client(BEHIND_PROXIES, "10.0.0.1", "203.0.113.9", "198.51.100.4"));
    }

    @Test
    void aDamagedEntryOrNoHeaderLeavesThePeerAsTheClient() {
        assertEquals("10.0.0.1", client(BEHIND_PROXIES, "10.0.0.1"));
        assertEquals("10.0.0.1", client(BEHIND_PROXIES, "10.0.0.1", ""));
        assertEquals("10.0.0.1", client(BEHIND_PROXIES, "10.0.0.1", "203.0.113.9, unknown"));
        assertEquals("10.0.0.1", client(BEHIND_PROXIES, "10.0.0.1", "203.0.113.9,"));
        assertEquals("10.0.0.1", client(BEHIND_PROXIES, "10.0.0.1", "203.0.113.9:4711"));
        assertEquals("10.0.0.1", client(BEHIND_PROXIES, "10.0.0.1", "203.0.113.300"));
        assertEquals("10.0.0.1", client(BEHIND_PROXIES, "10.0.0.1", "localhost"), "a name is never looked up");
    }

    @Test
    void aChainOfTrustedProxiesOnlyNamesItsLeftmost() {
        assertEquals("192.168.4.2", client(BEHIND_PROXIES, "10.0.0.1", "192.168.4.2, 10.0.0.1"));
    }

    @Test
    void ipv6PeersAndClientsAreReadAndMappedIpv4IsIpv4() {
        assertEquals("2001:db8:0:0:0:0:0:7", client(BEHIND_PROXIES, "::1", "2001:db8::7"));
        assertEquals("203.0.113.9", client(BEHIND_PROXIES, "::1", "::ffff:203.0.113.9"));
        assertEquals("0:0:0:0:0:0:0:2", client(BEHIND_PROXIES, "::2", "203.0.113.9"), "::2 is no trusted proxy");
    }
}
