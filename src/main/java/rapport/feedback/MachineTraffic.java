package rapport.feedback;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Tells a person's open or click from a machine's: mail providers' image proxies, security
 * gateways that follow every link, and prefetches made within seconds of delivery, before any
 * person could have read the note. Machine hits are still stored, flagged, so the timeline is
 * complete; the stage rules count only human ones. Stateless and thread-safe.
 */
public final class MachineTraffic {
    /** No person opens a note this soon after the server accepted it; a scanner does. */
    public static final Duration PREFETCH_WINDOW = Duration.ofSeconds(10);

    /** Fragments of the User-Agent of known image proxies and link scanners, lower case. */
    private static final List<String> AGENTS = List.of(
            "googleimageproxy", "yahoomailproxy", "ymailproxy", "bingpreview", "barracuda", "mimecast",
            "proofpoint", "symantec", "messagelabs", "forcepoint", "trendmicro", "zscaler", "ironport",
            "safelinks", "headlesschrome", "phantomjs", "bot", "crawler", "spider", "scanner");

    private MachineTraffic() {}

    /**
     * Whether a hit at {@code at} with this User-Agent (may be null) came from a machine, given
     * when the message was delivered (null when unknown).
     */
    public static boolean isMachine(String userAgent, Instant at, Instant deliveredAt) {
        if (deliveredAt != null && !at.isAfter(deliveredAt.plus(PREFETCH_WINDOW))) return true;
        return knownAgent(userAgent);
    }

    /** Whether the User-Agent names a known proxy, scanner or script. */
    public static boolean knownAgent(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) return false;
        String agent = userAgent.toLowerCase(Locale.ROOT);
        for (String known : AGENTS) if (agent.contains(known)) return true;
        return false;
    }
}
