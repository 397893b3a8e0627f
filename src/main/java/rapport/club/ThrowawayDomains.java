package rapport.club;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Mail domains that hand out mailboxes for minutes, with no sign-up: the list Rapport ships
 * ({@code rapport/club/throwaway-domains.txt}) and the shop's own additions. A domain covers its
 * subdomains. Immutable and thread-safe.
 */
public final class ThrowawayDomains {
    private static final String SHIPPED = "/rapport/club/throwaway-domains.txt";

    private final Set<String> domains;

    private ThrowawayDomains(Set<String> domains) {
        this.domains = Set.copyOf(domains);
    }

    /** The shipped list and {@code extra}. */
    public static ThrowawayDomains shippedAnd(Collection<String> extra) {
        Set<String> all = new HashSet<>(shipped());
        for (String domain : extra) all.add(domain.strip().toLowerCase(Locale.ROOT));
        return new ThrowawayDomains(all);
    }

    /** Whether the address's domain, or a domain above it, is on the list. */
    public boolean covers(String email) {
        String domain = email.substring(email.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        while (true) {
            if (domains.contains(domain)) return true;
            int dot = domain.indexOf('.');
            if (dot < 0) return false;
            domain = domain.substring(dot + 1);
        }
    }

    private static Set<String> shipped() {
        Set<String> out = new HashSet<>();
        try (InputStream in = ThrowawayDomains.class.getResourceAsStream(SHIPPED)) {
            if (in == null) throw new IllegalStateException(SHIPPED + " is missing from the build");
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String domain = line.strip();
                if (!domain.isEmpty() && !domain.startsWith("#")) out.add(domain.toLowerCase(Locale.ROOT));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
