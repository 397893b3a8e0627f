package rapport.tracking;

import com.sun.net.httpserver.HttpExchange;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import rapport.config.RapportConfig.Tracking.AddressRange;

/**
 * Who a request comes from, as recorded with a consent and counted by the join form's limit: the
 * TCP peer, unless the peer is one of {@code tracking.trusted_proxies}. Then the client is read
 * from {@code X-Forwarded-For} (several such headers are one list, in order), walking from the
 * right and passing over the trusted proxies: the first address no trusted proxy wrote is the
 * client. A visitor can put anything in the left of that header, but never in what the proxy
 * appended, so nothing left of that address is believed. A damaged entry on the way, or no header
 * at all, leaves the peer as the client; a list of trusted proxies only names its leftmost.
 * Immutable and thread-safe.
 */
final class ClientAddress {
    /** Said of a request whose peer is not known (the connection is already gone). */
    private static final String UNKNOWN = "unknown";

    private final List<AddressRange> trusted;

    ClientAddress(List<AddressRange> trusted) {
        this.trusted = List.copyOf(trusted);
    }

    /** The client of {@code ex}, written as numbers ({@code 192.0.2.7}, {@code 2001:db8:0:0:0:0:0:1}). */
    String of(HttpExchange ex) {
        InetSocketAddress peer = ex.getRemoteAddress();
        if (peer == null || peer.getAddress() == null) return UNKNOWN;
        List<String> forwarded = trusted(peer.getAddress()) ? ex.getRequestHeaders().get("X-Forwarded-For") : null;
        return behind(peer.getAddress(), forwarded == null ? List.of() : forwarded).getHostAddress();
    }

    /** The client behind {@code peer}, given the values of its {@code X-Forwarded-For} headers in order. */
    InetAddress behind(InetAddress peer, List<String> forwarded) {
        if (!trusted(peer)) return peer;
        String[] hops = String.join(",", forwarded).split(",", -1);
        InetAddress client = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            Optional<InetAddress> hop = AddressRange.literal(hops[i]);
            // Empty (no header) or damaged: the chain cannot be followed past this point.
            if (hop.isEmpty()) return peer;
            client = hop.get();
            if (!trusted(client)) return client;
        }
        return client;
    }

    private boolean trusted(InetAddress address) {
        for (AddressRange range : trusted) {
            if (range.contains(address)) return true;
        }
        return false;
    }
}
