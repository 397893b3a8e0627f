package rapport.doctor;

import java.util.List;

/**
 * SPF for the envelope sender's domain (the Return-Path, built from {@code sender.reply_to}):
 * receivers check SPF against that domain, not the From address's. One record, ending in
 * {@code -all} or {@code ~all}, within the limit of ten DNS look-ups.
 */
final class SpfCheck extends OneLine {
    static final String NAME = "spf";
    private final Dns dns;
    private final String domain;

    SpfCheck(Dns dns, String envelopeDomain) {
        super(NAME);
        this.dns = dns;
        this.domain = envelopeDomain;
    }

    @Override
    Finding check() {
        String fixAll = "publish one TXT record at " + domain + " such as \"v=spf1 ip4:YOUR.SERVER.IP -all\""
                + " (or include: your relay's record), listing every server that sends for it";
        List<String> records;
        try {
            records = Spf.records(dns.txt(domain));
        } catch (Dns.Failure e) {
            return DnsTrouble.finding(NAME, dns, e);
        }
        if (records.isEmpty()) {
            return Finding.problem(NAME, "no SPF record at " + domain + " (the Return-Path's domain): receivers cannot tell"
                    + " your server may send for it", fixAll);
        }
        if (records.size() > 1) {
            return Finding.problem(NAME, records.size() + " SPF records at " + domain + ": receivers treat that as an error",
                    "merge them into one TXT record starting v=spf1");
        }
        String record = records.get(0);
        Spf.Evaluation e;
        try {
            e = Spf.evaluate(record, dns);
        } catch (Dns.Failure failure) {
            return DnsTrouble.finding(NAME, dns, failure);
        }
        String found = domain + ": \"" + record + "\"";
        if (!e.broken().isEmpty()) {
            return Finding.problem(NAME, found + "; " + String.join("; ", e.broken()),
                    "remove or correct the include: or redirect= that names a domain without one SPF record");
        }
        if (e.lookups() > Spf.MAX_LOOKUPS) {
            return Finding.problem(NAME, found + " needs more than " + Spf.MAX_LOOKUPS + " DNS look-ups, so SPF fails everywhere",
                    "replace include:, a and mx terms with ip4:/ip6: ranges until " + Spf.MAX_LOOKUPS + " look-ups suffice");
        }
        String lookups = " (" + e.lookups() + " of " + Spf.MAX_LOOKUPS + " DNS look-ups)";
        if (e.all().isEmpty()) {
            return Finding.warning(NAME, found + " ends without an all: mail from any other server is neutral" + lookups,
                    "end the record with -all (or ~all while you test)");
        }
        char all = e.all().get();
        if (all == '+' || all == '?') {
            return Finding.warning(NAME, found + " ends in " + all + "all: it vouches for no one, so it protects nothing" + lookups,
                    "end the record with -all (or ~all while you test)");
        }
        return Finding.ok(NAME, found + lookups);
    }
}
