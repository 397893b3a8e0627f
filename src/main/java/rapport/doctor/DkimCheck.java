package rapport.doctor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import rapport.config.RapportConfig;
import rapport.dkim.DkimRecord;

/**
 * The DKIM key receivers find for the configured selector is the key Rapport signs with: a note
 * whose signature a receiver cannot check counts as unsigned, and DMARC then rests on SPF alone.
 */
final class DkimCheck extends OneLine {
    static final String NAME = "dkim";
    private final Dns dns;
    private final DkimRecord expected;

    DkimCheck(Dns dns, RapportConfig.Dkim dkim) {
        super(NAME);
        this.dns = dns;
        this.expected = new DkimRecord(dkim.selector(), dkim.domain(), dkim.key());
    }

    @Override
    Finding check() {
        String name = expected.name();
        String publish = "publish the TXT record at " + name + ": \"" + expected.value() + "\""
                + " (`rapport dkim keygen` prints it split for a zone file)";
        List<String> records;
        try {
            records = dns.txt(name).stream().filter(r -> tags(r).containsKey("p")).toList();
        } catch (Dns.Failure e) {
            return DnsTrouble.finding(NAME, dns, e);
        }
        if (records.isEmpty()) {
            return Finding.problem(NAME, "no DKIM key published at " + name + ": receivers cannot check the signatures", publish);
        }
        if (records.size() > 1) {
            return Finding.problem(NAME, records.size() + " DKIM records at " + name + ": receivers may pick either",
                    "keep one TXT record there: \"" + expected.value() + "\"");
        }
        Map<String, String> tags = tags(records.get(0));
        String published = tags.get("p").replaceAll("\\s+", "");
        if (published.isEmpty()) {
            return Finding.problem(NAME, "the key at " + name + " is revoked (empty p=)", publish);
        }
        String kind = tags.getOrDefault("k", "rsa").toLowerCase(Locale.ROOT);
        String ours = expected.key().algorithm().dnsName();
        if (!kind.equals(ours) || !published.equals(expected.key().publicKeyBase64())) {
            return Finding.problem(NAME, "the key published at " + name + " (k=" + kind + ") is not the " + ours
                    + " key in dkim.private_key_file: every signature fails", publish + ", replacing the old one");
        }
        return Finding.ok(NAME, name + " publishes the " + ours + " key Rapport signs with");
    }

    /** A DKIM record's tags ({@code v=DKIM1; k=rsa; p=...}), names in lower case. */
    static Map<String, String> tags(String record) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String part : record.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) tags.put(part.substring(0, eq).strip().toLowerCase(Locale.ROOT), part.substring(eq + 1).strip());
        }
        return tags;
    }
}
