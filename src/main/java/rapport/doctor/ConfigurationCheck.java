package rapport.doctor;

import java.net.URI;
import rapport.config.RapportConfig;

/**
 * The configuration loaded (one that does not load stops the command before any check, with the
 * usual error naming the key and line). What it says can still hurt delivery: a public
 * {@code tracking.base_url} over plain http puts the one-click unsubscribe, which RFC 8058 and
 * the mailbox providers want over https, behind http.
 */
final class ConfigurationCheck extends OneLine {
    static final String NAME = "configuration";
    private final RapportConfig config;

    ConfigurationCheck(RapportConfig config) {
        super(NAME);
        this.config = config;
    }

    @Override
    Finding check() {
        String loaded = config.file() + " loaded";
        URI base = URI.create(config.tracking().baseUrl());
        if (base.getScheme().equalsIgnoreCase("http") && !loopback(base.getHost())) {
            return Finding.warning(NAME, loaded + "; tracking.base_url " + config.tracking().baseUrl()
                    + " is plain http, so the one-click unsubscribe is not https as Gmail and Yahoo expect",
                    "serve the pages through an https proxy and set tracking.base_url to its https address");
        }
        return Finding.ok(NAME, loaded);
    }

    /** A trial on this machine: no reader's mail app ever follows such a link. */
    private static boolean loopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    }
}
