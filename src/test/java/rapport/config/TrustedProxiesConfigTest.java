package rapport.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import rapport.config.RapportConfig.Tracking.AddressRange;

/** {@code tracking.trusted_proxies}: the proxies in front of {@code serve}, as addresses and CIDR ranges. */
class TrustedProxiesConfigTest {
    private static final String CONFIG = """
            sender: { name: Pano, address: hello@kosmima.example, postal_address: "12 Boylston St" }
            tracking:
              base_url: https://news.kosmima.example
            %s
            stages:
              - { name: new, cadence_days: 3 }
            """;

    private static RapportConfig parse(String trackingLine) {
        return ConfigLoader.parse(Path.of("/srv/shop"), ConfigLoader.FILE, CONFIG.formatted(trackingLine), Map.of());
    }

    private static List<String> proxies(String trackingLine) {
        return parse(trackingLine).tracking().trustedProxies().stream().map(AddressRange::toString).toList();
    }

    private static String failure(String trackingLine) {
        return assertThrows(ConfigException.class, () -> parse(trackingLine)).getMessage();
    }

    @Test
    void noProxyIsTrustedUnlessListed() {
        assertEquals(List.of(), proxies(""));
        assertEquals(List.of(), proxies("  trusted_proxies: []"));
    }

    @Test
    void addressesAndRangesOfBothFamiliesAreRead() {
        assertEquals(List.of("127.0.0.1", "10.0.0.0/8", "0:0:0:0:0:0:0:1", "fd00:0:0:0:0:0:0:0/8"),
                proxies("  trusted_proxies: [127.0.0.1, 10.0.0.0/8, \"::1\", \"fd00::/8\"]"));
        assertEquals(List.of("192.168.1.0/24"), proxies("  trusted_proxies:\n    - 192.168.1.0/24"));
    }

    @Test
    void aRangeHoldsTheAddressesOfItsPrefixAndOnlyOfItsFamily() {
        AddressRange range = AddressRange.parse("10.1.0.0/16");
        assertTrue(range.contains(AddressRange.literal("10.1.255.7").orElseThrow()));
        assertFalse(range.contains(AddressRange.literal("10.2.0.1").orElseThrow()));
        assertFalse(range.contains(AddressRange.literal("::a01:7").orElseThrow()));
        assertTrue(AddressRange.parse("0.0.0.0/0").contains(AddressRange.literal("203.0.113.9").orElseThrow()));
    }

    @Test
    void aBadEntryIsNamedWithItsKeyAndLine() {
        assertEquals("config/rapport.yaml:4: tracking.trusted_proxies: \"proxy.internal\" is not an IP address"
                + " or a range such as 10.0.0.0/8", failure("  trusted_proxies: [10.0.0.1, proxy.internal]"));
        assertEquals("config/rapport.yaml:4: tracking.trusted_proxies: \"10.0.0.256\" is not an IP address"
                + " or a range such as 10.0.0.0/8", failure("  trusted_proxies: [10.0.0.256]"));
        assertEquals("config/rapport.yaml:4: tracking.trusted_proxies: \"10.0.0.0/33\": the prefix after / must be 0 to 32",
                failure("  trusted_proxies: [10.0.0.0/33]"));
        assertEquals("config/rapport.yaml:4: tracking.trusted_proxies: \"10.1.2.3/8\" has bits set past the prefix;"
                + " did you mean 10.0.0.0/8?", failure("  trusted_proxies: [10.1.2.3/8]"));
        assertEquals("config/rapport.yaml:4: tracking.trusted_proxies: expected a list, got \"10.0.0.1\"",
                failure("  trusted_proxies: 10.0.0.1"));
    }
}
