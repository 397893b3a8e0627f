package rapport.config;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

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
        Optional<Dkim> dkim) {

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
     * without breaking the links of mail already sent.
     */
    public record Tracking(String baseUrl, String listenHost, int listenPort, String secret, List<String> previousSecrets,
                           boolean enabled) {}

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

    /** DKIM signing of every message: the From domain, the DNS selector and the private key file. */
    public record Dkim(String domain, String selector, Path privateKeyFile) {}

    /** The ladder's stage names, in order. */
    public List<String> stageNames() {
        return stages.stream().map(StageConfig::name).toList();
    }

    /** The stage with this name, if the ladder has it. */
    public Optional<StageConfig> stage(String name) {
        return stages.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
