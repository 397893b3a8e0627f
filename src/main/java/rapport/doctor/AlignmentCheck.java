package rapport.doctor;

import java.util.Locale;
import java.util.Map;

/**
 * DMARC alignment of SPF: the Return-Path's domain (where bounces go, built from
 * {@code sender.reply_to}) against the From address's. With {@code aspf=s} they must be the same
 * domain; relaxed (the default) they must share the organizational domain. DMARC passes on an
 * aligned SPF or an aligned DKIM signature: with {@code dkim} configured (its domain is the From
 * domain, which the configuration enforces) a misaligned Return-Path leaves DMARC resting on the
 * signature alone, a warning; without it nothing else can align, a problem.
 */
final class AlignmentCheck extends OneLine {
    static final String NAME = "alignment";
    private final Dns dns;
    private final Dmarc dmarc;
    private final String envelopeDomain;
    private final boolean signs;

    AlignmentCheck(Dns dns, Dmarc dmarc, String envelopeDomain, boolean signs) {
        super(NAME);
        this.dns = dns;
        this.dmarc = dmarc;
        this.envelopeDomain = envelopeDomain;
        this.signs = signs;
    }

    @Override
    Finding check() {
        String from = dmarc.fromDomain();
        Dmarc.Found found;
        try {
            found = dmarc.find();
        } catch (Dns.Failure e) {
            return DnsTrouble.finding(NAME, dns, e);
        }
        Map<String, String> tags = found.tags().orElse(Map.of());
        boolean strict = tags.getOrDefault("aspf", "r").toLowerCase(Locale.ROOT).equals("s");
        String mode = strict ? "strict (aspf=s)" : "relaxed";
        boolean aligned = strict ? envelopeDomain.equals(from)
                : Domains.organizational(envelopeDomain).equals(Domains.organizational(from));
        String pair = "Return-Path domain " + envelopeDomain + " and From domain " + from;
        if (aligned) return Finding.ok(NAME, pair + " align for SPF, " + mode);
        String fix = strict ? "set sender.reply_to to an address at " + from + ", or relax the DMARC record to aspf=r"
                : "set sender.reply_to to an address at " + from + " (or a subdomain of " + Domains.organizational(from) + ")";
        String detail = pair + " do not align for SPF, " + mode;
        if (signs) return Finding.warning(NAME, detail + ": DMARC rests on the DKIM signature alone", fix);
        return Finding.problem(NAME, detail + ": DMARC fails for every note, and Gmail and Yahoo refuse or junk them", fix);
    }
}
