package rapport.doctor;

import java.util.List;

/** MX for the reply address's domain: replies, bounces and mailto unsubscribes come back through it. */
final class MxCheck extends OneLine {
    static final String NAME = "mx";
    private final Dns dns;
    private final String replyTo;

    MxCheck(Dns dns, String replyTo) {
        super(NAME);
        this.dns = dns;
        this.replyTo = replyTo;
    }

    @Override
    Finding check() {
        String domain = Domains.of(replyTo);
        List<String> mx;
        try {
            mx = dns.mx(domain);
        } catch (Dns.Failure e) {
            return DnsTrouble.finding(NAME, dns, e);
        }
        String fix = "publish an MX record for " + domain + " that points at the mail server your imap section reads";
        if (mx.isEmpty()) {
            return Finding.problem(NAME, "no MX record for " + domain + ": replies, bounces and mailto unsubscribes to "
                    + replyTo + " have nowhere to go", fix);
        }
        List<String> hosts = mx.stream().map(MxCheck::host).toList();
        if (hosts.stream().allMatch(h -> h.isEmpty() || h.equals("."))) {
            return Finding.problem(NAME, domain + " publishes a null MX: it takes no mail, so replies and bounces are lost", fix);
        }
        return Finding.ok(NAME, domain + " takes mail at " + String.join(", ", hosts));
    }

    /** The host of an MX answer, {@code 10 mail.example.}, without its trailing dot. */
    private static String host(String answer) {
        String[] parts = answer.strip().split("\\s+");
        String host = parts[parts.length - 1];
        return host.length() > 1 && host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }
}
