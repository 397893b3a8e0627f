package rapport.doctor;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import rapport.config.RapportConfig;

/**
 * {@code rapport doctor}'s list of checks, in the order it prints them: the configuration, the
 * database, the servers Rapport talks to, the sender's DNS, and what receivers saw of the last
 * 30 days. Stateless.
 *
 * <p>With a {@code dkim} section, the selector's published key is checked against the key
 * Rapport signs with, right after SPF, and then a freshly rendered note, signed as the send signs
 * it, is verified against the published key. The signer itself is proven by the test suite
 * against an implementation Rapport did not write (Debian's dkimpy); the doctor's verification
 * is there to catch a key, a record and a note that do not go together in this workspace.
 */
public final class Doctor {
    private Doctor() {}

    /** @param sample the note the signature line signs, asked for only with a {@code dkim} section */
    public static List<Check> checks(RapportConfig config, Records records, SampleNote sample, Clock clock) {
        RapportConfig.Sender sender = config.sender();
        Dns dns = Dns.of(config.doctor().dnsHost(), config.doctor().dnsPort());
        String envelopeDomain = Domains.of(sender.replyTo());
        Dmarc dmarc = new Dmarc(dns, Domains.of(sender.address()));
        List<Check> checks = new ArrayList<>();
        checks.add(new ConfigurationCheck(config));
        checks.add(new DatabaseCheck(records, config.database().url()));
        checks.add(new SmtpCheck(config.smtp(), sender));
        checks.add(new ImapCheck(config.imap()));
        checks.add(new TrackingCheck(config.tracking().baseUrl()));
        checks.add(new SpfCheck(dns, envelopeDomain));
        config.dkim().ifPresent(dkim -> {
            checks.add(new DkimCheck(dns, dkim));
            checks.add(new SignatureCheck(dns, dkim, sample));
        });
        checks.add(new DmarcCheck(dns, dmarc));
        checks.add(new AlignmentCheck(dns, dmarc, envelopeDomain, config.dkim().isPresent()));
        checks.add(new MxCheck(dns, sender.replyTo()));
        checks.add(new RatesCheck(records, clock, config.schedule().timeZone()));
        return List.copyOf(checks);
    }
}
