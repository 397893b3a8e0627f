package rapport.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import rapport.dkim.DkimKey;

/**
 * The whole of {@code config/rapport.yaml}, validated. Immutable and thread-safe.
 *
 * <p>Paths are already resolved against the workspace; environment references are already
 * substituted. Sections the file leaves out get the documented defaults, except the optional
 * {@code smtp.host} and {@code imap} which stay empty: no SMTP host means the outbox.
 */
public record RapportConfig(
        Path workspace,
        Path file,
        Sender sender,
        Database database,
        Smtp smtp,
        Optional<Imap> imap,
        Tracking tracking,
        Schedule schedule,
        List<StageConfig> stages,
        Dormant dormant,
        Limits limits,
        Feedback feedback,
        Signup signup,
        Referrals referrals,
        Studio studio,
        Optional<Dkim> dkim,
        Doctor doctor) {

    /** Where a note comes from and the postal address every footer carries. */
    public record Sender(String name, String address, String replyTo, String postalAddress) {}

    /** JDBC settings; an H2 file URL is already made absolute against the workspace. */
    public record Database(String url, String username, String password) {}

    /** TLS modes shared by SMTP and IMAP. */
    public enum Tls { NONE, STARTTLS, SSL }

    /** SMTP delivery; an empty host means messages are written to {@code outbox}. */
    public record Smtp(Optional<String> host, int port, Tls tls, String username, String password,
                       int connections, double maxPerSecond, int timeoutSeconds, Path outbox) {}

    /**
     * The mailbox where replies, bounces and mailto unsubscribes arrive; what the poll handled is
     * moved from {@code folder} to {@code processedFolder}, and everything else is left alone.
     */
    public record Imap(String host, int port, Tls tls, String username, String password, String folder,
                       String processedFolder, int timeoutSeconds) {}

    /**
     * Public URL root of tracking links, the listen address of {@code serve}, and the HMAC secret
     * that signs tokens; {@code previousSecrets} still verify, so the secret can be rotated
     * without breaking the links of mail already sent. {@code trustedProxies} are the proxies in
     * front of {@code serve} whose {@code X-Forwarded-For} is believed (empty: none is).
     */
    public record Tracking(String baseUrl, String listenHost, int listenPort, String secret, List<String> previousSecrets,
                           boolean enabled, List<AddressRange> trustedProxies) {
        public Tracking {
            previousSecrets = List.copyOf(previousSecrets);
            trustedProxies = List.copyOf(trustedProxies);
        }

        /** Without trusted proxies: the TCP peer is the client. */
        public Tracking(String baseUrl, String listenHost, int listenPort, String secret, List<String> previousSecrets,
                        boolean enabled) {
            this(baseUrl, listenHost, listenPort, secret, previousSecrets, enabled, List.of());
        }

        /**
         * One IP address, or a CIDR block of them ({@code 10.0.0.0/8}, {@code fd00::/8}): IPv4 and
         * IPv6 never match each other. Written only as numbers, so reading one never asks DNS.
         * Immutable.
         */
        public record AddressRange(InetAddress network, int prefixLength) {
            private static final Pattern IPV4 = Pattern.compile("([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})");
            private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

            public AddressRange {
                int bits = network.getAddress().length * 8;
                if (prefixLength < 0 || prefixLength > bits) throw new IllegalArgumentException("prefix length out of range");
            }

            /**
             * {@code 192.0.2.7}, {@code 2001:db8::1}, or either with {@code /prefix}.
             *
             * @throws IllegalArgumentException with a reason the user can act on
             */
            public static AddressRange parse(String text) {
                String value = text.strip();
                int slash = value.indexOf('/');
                String address = slash < 0 ? value : value.substring(0, slash);
                InetAddress network = literal(address).orElseThrow(() -> new IllegalArgumentException(
                        "\"" + text + "\" is not an IP address or a range such as 10.0.0.0/8"));
                int bits = network.getAddress().length * 8;
                if (slash < 0) return new AddressRange(network, bits);
                String prefix = value.substring(slash + 1);
                if (!prefix.matches("[0-9]{1,3}") || Integer.parseInt(prefix) > bits) {
                    throw new IllegalArgumentException("\"" + text + "\": the prefix after / must be 0 to " + bits);
                }
                AddressRange range = new AddressRange(network, Integer.parseInt(prefix));
                if (!Arrays.equals(range.masked(network), network.getAddress())) {
                    throw new IllegalArgumentException("\"" + text + "\" has bits set past the prefix; did you mean "
                            + range.block() + "?");
                }
                return range;
            }

            /**
             * The address written as numbers ({@code 192.0.2.7}, {@code 2001:db8::1}, an IPv4-mapped
             * IPv6 address read as IPv4), or empty for anything else, host names included.
             */
            public static Optional<InetAddress> literal(String text) {
                String value = text.strip();
                try {
                    Matcher v4 = IPV4.matcher(value);
                    if (v4.matches()) {
                        byte[] bytes = new byte[4];
                        for (int i = 0; i < 4; i++) {
                            int part = Integer.parseInt(v4.group(i + 1));
                            if (part > 255) return Optional.empty();
                            bytes[i] = (byte) part;
                        }
                        return Optional.of(InetAddress.getByAddress(bytes));
                    }
                    // In brackets the JDK reads an IPv6 literal or fails; it never falls back to DNS.
                    if (IPV6.matcher(value).matches()) return Optional.of(InetAddress.getByName("[" + value + "]"));
                } catch (UnknownHostException e) {
                    // not an address: empty below
                }
                return Optional.empty();
            }

            /** Whether {@code address} lies in this range. */
            public boolean contains(InetAddress address) {
                return address.getAddress().length == network.getAddress().length
                        && Arrays.equals(masked(address), masked(network));
            }

            /** The address with every bit past the prefix cleared. */
            private byte[] masked(InetAddress address) {
                byte[] bytes = address.getAddress();
                for (int i = 0; i < bytes.length; i++) {
                    int keep = Math.max(0, Math.min(8, prefixLength - i * 8));
                    bytes[i] &= (byte) (0xff << (8 - keep));
                }
                return bytes;
            }

            /** The range written as its first address and prefix, for the hint when bits past the prefix are set. */
            private String block() {
                try {
                    return InetAddress.getByAddress(masked(network)).getHostAddress() + "/" + prefixLength;
                } catch (UnknownHostException e) {
                    throw new IllegalStateException("an address of a known length", e);
                }
            }

            /** As written in the configuration: the bare address for a single one. */
            @Override
            public String toString() {
                int bits = network.getAddress().length * 8;
                return prefixLength == bits ? network.getHostAddress() : network.getHostAddress() + "/" + prefixLength;
            }
        }
    }

    /** Quartz cron expressions and the zone they, and every date, are read in. */
    public record Schedule(String send, String poll, ZoneId timeZone) {}

    /**
     * One rung of the ladder: minimum days between two notes at this stage, and what moves a
     * customer up to the next rung, if anything does.
     */
    public record StageConfig(String name, int cadenceDays, Optional<Promotion> promote) {
        public StageConfig(String name, int cadenceDays) {
            this(name, cadenceDays, Optional.empty());
        }
    }

    /**
     * Up one rung when, within the last {@code withinDays}, the customer made at least
     * {@code opens} human opens, or {@code clicks} clicks, or {@code replies} replies; a
     * threshold of 0 is not counted. Machine opens and clicks never count.
     */
    public record Promotion(int opens, int clicks, int replies, int referrals, int withinDays) {
        public Promotion(int opens, int clicks, int replies, int withinDays) {
            this(opens, clicks, replies, 0, withinDays);
        }
    }

    /** After this many silent days a customer gets only gentle check-ins at the slower cadence. */
    public record Dormant(int afterDays, int cadenceDays) {}

    /** Hard cap: at most {@code maxNotes} notes in any {@code perDays} days. */
    public record Limits(int maxNotes, int perDays) {}

    /**
     * Learning what people value from what they do and say: on or off, and the most points the
     * learned value may add to or take from a piece's score.
     */
    public record Feedback(boolean learning, int weight) {}

    /**
     * The public join page: whether {@code serve} answers it, the interests it offers (empty:
     * every interest the catalog names), and how long a signup waits for its confirmation.
     */
    public record Signup(boolean enabled, List<String> interests, int confirmWithinDays) {}

    /** One referral milestone: at {@code at} friends counted, the piece that thanks the inviter. */
    public record Reward(int at, String piece) {}

    /**
     * Friends bringing friends: the stages whose customers get a personal invitation link, how
     * long an invited friend must stay subscribed to count, the milestones, lowest first, and the
     * shop's own additions to the throwaway domains Rapport ships (lower case).
     */
    public record Referrals(List<String> stages, int countAfterDays, List<Reward> rewards, List<String> throwawayDomains) {
        public Referrals {
            stages = List.copyOf(stages);
            rewards = List.copyOf(rewards);
            throwawayDomains = List.copyOf(throwawayDomains);
        }

        public Referrals(List<String> stages, int countAfterDays, List<Reward> rewards) {
            this(stages, countAfterDays, rewards, List.of());
        }
    }

    /** Where {@code rapport studio} listens: always a loopback address. */
    public record Studio(String listenHost, int listenPort) {}

    /** DKIM signing of every message: the From domain, the DNS selector, the private key file and its key, read once. */
    public record Dkim(String domain, String selector, Path privateKeyFile, DkimKey key) {}

    /**
     * How {@code rapport doctor} looks things up: the DNS server to ask ({@code host:port}), or
     * empty for the system's resolver.
     */
    public record Doctor(Optional<String> dnsHost, int dnsPort) {
        /** The system's resolver. */
        public static final Doctor DEFAULTS = new Doctor(Optional.empty(), 53);
    }

    /** The ladder's stage names, in order. */
    public List<String> stageNames() {
        return stages.stream().map(StageConfig::name).toList();
    }

    /** The stage with this name, if the ladder has it. */
    public Optional<StageConfig> stage(String name) {
        return stages.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
