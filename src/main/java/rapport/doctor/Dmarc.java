package rapport.doctor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The DMARC record (RFC 7489) that governs the From address's domain: the one at
 * {@code _dmarc.DOMAIN}, or else the organizational domain's. Looked up once and shared by the
 * checks that read it. Not thread-safe; the checks run one after another.
 */
final class Dmarc {
    private final Dns dns;
    private final String fromDomain;
    private Found found;

    Dmarc(Dns dns, String fromDomain) {
        this.dns = dns;
        this.fromDomain = fromDomain;
    }

    /** What the look-up found: where it looked last, and the records there (empty when none). */
    record Found(String name, List<String> records) {
        Optional<Map<String, String>> tags() {
            return records.size() == 1 ? Optional.of(parse(records.get(0))) : Optional.empty();
        }
    }

    String fromDomain() {
        return fromDomain;
    }

    /** @throws Dns.Failure when DNS does not answer */
    Found find() {
        if (found == null) {
            String name = "_dmarc." + fromDomain;
            List<String> records = records(dns.txt(name));
            String organizational = Domains.organizational(fromDomain);
            if (records.isEmpty() && !organizational.equals(fromDomain)) {
                name = "_dmarc." + organizational;
                records = records(dns.txt(name));
            }
            found = new Found(name, records);
        }
        return found;
    }

    private static List<String> records(List<String> txt) {
        return txt.stream().filter(t -> t.strip().toLowerCase(Locale.ROOT).startsWith("v=dmarc1")).toList();
    }

    /** The record's tags by lower-case name, values stripped. */
    static Map<String, String> parse(String record) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String part : record.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) tags.put(part.substring(0, eq).strip().toLowerCase(Locale.ROOT), part.substring(eq + 1).strip());
        }
        return tags;
    }
}
