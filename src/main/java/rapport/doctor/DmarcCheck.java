package rapport.doctor;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A DMARC record for the From address's domain: Gmail and Yahoo require one of bulk senders
 * since 2024, {@code p=none} at the least.
 */
final class DmarcCheck extends OneLine {
    static final String NAME = "dmarc";
    private final Dns dns;
    private final Dmarc dmarc;

    DmarcCheck(Dns dns, Dmarc dmarc) {
        super(NAME);
        this.dns = dns;
        this.dmarc = dmarc;
    }

    @Override
    Finding check() {
        String domain = dmarc.fromDomain();
        Dmarc.Found found;
        try {
            found = dmarc.find();
        } catch (Dns.Failure e) {
            return DnsTrouble.finding(NAME, dns, e);
        }
        if (found.records().isEmpty()) {
            return Finding.problem(NAME, "no DMARC record at _dmarc." + domain + ": Gmail and Yahoo require one of bulk senders",
                    "publish a TXT record at _dmarc." + domain + " such as \"v=DMARC1; p=none; rua=mailto:dmarc@" + domain + "\"");
        }
        if (found.records().size() > 1) {
            return Finding.problem(NAME, found.records().size() + " DMARC records at " + found.name() + ": receivers then apply none",
                    "keep exactly one TXT record starting v=DMARC1 at " + found.name());
        }
        Map<String, String> tags = found.tags().orElseThrow();
        String record = found.name() + ": \"" + found.records().get(0) + "\"";
        String policy = tags.getOrDefault("p", "").toLowerCase(Locale.ROOT);
        if (!List.of("none", "quarantine", "reject").contains(policy)) {
            return Finding.problem(NAME, record + " has no valid p= policy, so receivers ignore it",
                    "start the record \"v=DMARC1; p=none;\" (then quarantine or reject once reports look clean)");
        }
        return Finding.ok(NAME, record);
    }
}
