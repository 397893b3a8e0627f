package rapport.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reading SPF records (RFC 7208) as far as {@code doctor} needs: which record a domain
 * publishes, how it ends ({@code -all}, {@code ~all} ...), and how many DNS look-ups a receiver
 * makes to evaluate it, includes and redirects followed. Past ten look-ups a receiver gives up
 * with a permanent error, and SPF fails for every message. Stateless; look-ups go through the
 * given {@link Dns}.
 */
final class Spf {
    /** RFC 7208 section 4.6.4: the most DNS-querying terms one evaluation may use. */
    static final int MAX_LOOKUPS = 10;
    private static final String VERSION = "v=spf1";

    private Spf() {}

    /** The SPF records among a domain's TXT records: normally one; more is an error in itself. */
    static List<String> records(List<String> txt) {
        return txt.stream().filter(Spf::isSpf).toList();
    }

    private static boolean isSpf(String txt) {
        String t = txt.strip().toLowerCase(Locale.ROOT);
        return t.equals(VERSION) || t.startsWith(VERSION + " ");
    }

    /**
     * What evaluating a record costs and where it ends: the look-ups counted (stopping once past
     * the limit), the qualifier of the {@code all} that ends it ({@code +}, {@code -}, {@code ~},
     * {@code ?}) if any, and what broke on the way (an include with no record).
     */
    record Evaluation(int lookups, Optional<Character> all, List<String> broken) {}

    static Evaluation evaluate(String record, Dns dns) {
        Counter counter = new Counter(dns);
        Optional<Character> all = counter.walk(record, 0);
        return new Evaluation(counter.lookups, all, List.copyOf(counter.broken));
    }

    private static final class Counter {
        private final Dns dns;
        private int lookups;
        private final List<String> broken = new ArrayList<>();

        Counter(Dns dns) {
            this.dns = dns;
        }

        /** Counts the record's look-ups, following includes and a redirect; returns its all's qualifier. */
        Optional<Character> walk(String record, int depth) {
            Optional<Character> all = Optional.empty();
            Optional<String> redirect = Optional.empty();
            for (String term : record.strip().split("\\s+")) {
                String t = term.toLowerCase(Locale.ROOT);
                if (t.equals(VERSION) || t.isEmpty()) continue;
                char qualifier = "+-~?".indexOf(t.charAt(0)) >= 0 ? t.charAt(0) : '+';
                String mechanism = "+-~?".indexOf(t.charAt(0)) >= 0 ? t.substring(1) : t;
                if (mechanism.equals("all")) {
                    all = Optional.of(qualifier);
                } else if (mechanism.startsWith("include:")) {
                    lookups++;
                    follow(mechanism.substring("include:".length()), depth);
                } else if (mechanism.startsWith("redirect=")) {
                    redirect = Optional.of(mechanism.substring("redirect=".length()));
                } else if (queriesDns(mechanism)) {
                    lookups++;
                }
            }
            // A redirect applies only when the record has no all of its own.
            if (all.isEmpty() && redirect.isPresent()) {
                lookups++;
                return follow(redirect.get(), depth);
            }
            return all;
        }

        private Optional<Character> follow(String domain, int depth) {
            if (lookups > MAX_LOOKUPS || depth >= MAX_LOOKUPS) return Optional.empty();
            List<String> found = records(dns.txt(domain));
            if (found.size() != 1) {
                broken.add(domain + (found.isEmpty() ? " has no SPF record" : " has " + found.size() + " SPF records"));
                return Optional.empty();
            }
            return walk(found.get(0), depth + 1);
        }

        private static boolean queriesDns(String mechanism) {
            return mechanism.equals("a") || mechanism.startsWith("a:") || mechanism.startsWith("a/")
                    || mechanism.equals("mx") || mechanism.startsWith("mx:") || mechanism.startsWith("mx/")
                    || mechanism.equals("ptr") || mechanism.startsWith("ptr:") || mechanism.startsWith("exists:");
        }
    }
}
