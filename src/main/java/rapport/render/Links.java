package rapport.render;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import rapport.config.RapportConfig;
import rapport.tokens.Tokens;

/**
 * Every per-message URL and address Rapport puts in a note, each carrying a token signed for
 * its purpose: unsubscribe (HTTPS one-click and mailto), the open pixel, click redirects, the
 * Reply-To that matches a reply, and the envelope sender that matches a bounce. Thread-safe.
 */
public final class Links {
    /** The two answers to "Was this useful?", as the rating links and their form carry them. */
    public static final String USEFUL = "useful";
    public static final String NOT_FOR_ME = "not-for-me";
    /** What an invitation token carries where others carry their note's run: it belongs to no note. */
    public static final String INVITATION = "club";

    private final String baseUrl;
    private final String replyLocal;
    private final String replyDomain;
    private final Tokens tokens;
    /** False for a test copy's links: see {@link #untraced()}. */
    private final boolean traced;

    public Links(RapportConfig.Tracking tracking, RapportConfig.Sender sender, Tokens tokens) {
        this(tracking.baseUrl(), sender.replyTo(), tokens, true);
    }

    private Links(String baseUrl, String replyTo, Tokens tokens, boolean traced) {
        this.baseUrl = baseUrl;
        int at = replyTo.lastIndexOf('@');
        this.replyLocal = replyTo.substring(0, at);
        this.replyDomain = replyTo.substring(at + 1);
        this.tokens = tokens;
        this.traced = traced;
    }

    /**
     * Links for a copy of a note that must count nothing for its customer (the studio's test
     * copy): a click link leads straight to its target, and every other link carries a token
     * signed with a secret made here and forgotten, which the tracking server refuses, so
     * opening the copy, rating it or unsubscribing from it changes no one.
     */
    public Links untraced() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return new Links(baseUrl, replyLocal + "@" + replyDomain, new Tokens(List.of(HexFormat.of().formatHex(secret))), false);
    }

    public Tokens tokens() {
        return tokens;
    }

    public String unsubscribe(long customer, String run) {
        return baseUrl + "/u/" + tokens.sign(Tokens.Purpose.UNSUBSCRIBE, customer, run);
    }

    /** The customer's preferences page, opened from this note. */
    public String preferences(long customer, String run) {
        return baseUrl + "/p/" + tokens.sign(Tokens.Purpose.PREFERENCES, customer, run);
    }

    /** The rating page of this note, with {@code verdict} ({@link #USEFUL} or {@link #NOT_FOR_ME}) chosen. */
    public String rating(long customer, String run, String verdict) {
        return rating(customer, run) + "?v=" + verdict;
    }

    /** The rating page of this note, with nothing chosen yet. */
    public String rating(long customer, String run) {
        return baseUrl + "/f/" + tokens.sign(Tokens.Purpose.FEEDBACK, customer, run);
    }

    /** The customer's own invitation to the join page: the same link from every note, to pass on to friends. */
    public String referral(long customer) {
        return baseUrl + "/join?r=" + tokens.sign(Tokens.Purpose.INVITE, customer, INVITATION);
    }

    public String unsubscribeMailto(long customer, String run) {
        return "mailto:" + tagged(tokens.sign(Tokens.Purpose.UNSUBSCRIBE, customer, run)) + "?subject=unsubscribe";
    }

    public String openPixel(long customer, String run) {
        return baseUrl + "/o/" + tokens.sign(Tokens.Purpose.OPEN, customer, run) + ".gif";
    }

    /** A redirect that only ever leads to {@code target}: the token is bound to it. */
    public String click(long customer, String run, String target) {
        if (!traced) return target;
        return baseUrl + "/c/" + tokens.sign(Tokens.Purpose.CLICK, customer, run, target)
                + "?u=" + URLEncoder.encode(target, StandardCharsets.UTF_8);
    }

    public String replyTo(long customer, String run) {
        return tagged(tokens.sign(Tokens.Purpose.REPLY, customer, run));
    }

    public String envelopeFrom(long customer, String run) {
        return tagged(tokens.sign(Tokens.Purpose.BOUNCE, customer, run));
    }

    /** Deterministic for (run, customer): a resent message carries the same id. */
    public String messageId(long customer, String run) {
        return "<rapport." + run + "." + Long.toString(customer, 36) + "@" + replyDomain + ">";
    }

    private String tagged(String token) {
        return replyLocal + "+" + token + "@" + replyDomain;
    }
}
