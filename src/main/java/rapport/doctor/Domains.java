package rapport.doctor;

import java.util.Locale;
import java.util.Set;

/**
 * Mail domains as DMARC compares them. The organizational domain is found without the public
 * suffix list, which the JDK does not offer: the last two labels, or three under the common
 * two-label suffixes (co.uk, com.au ...). Enough to tell {@code news.shop.example} and
 * {@code shop.example} apart from {@code other.example}; a shop under a rarer suffix may be told
 * its domains differ when a receiver would see them aligned. Stateless.
 */
final class Domains {
    private static final Set<String> TWO_LABEL_SUFFIXES = Set.of("co.uk", "org.uk", "ac.uk", "gov.uk", "me.uk",
            "com.au", "net.au", "org.au", "co.nz", "org.nz", "co.jp", "ne.jp", "or.jp", "com.br", "com.cn",
            "com.mx", "co.za", "co.in", "com.tr", "com.sg", "com.hk", "co.kr", "com.ar", "com.gr", "co.il");

    private Domains() {}

    /** The domain of an address, lower case. */
    static String of(String address) {
        return address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }

    static String organizational(String domain) {
        String[] labels = domain.toLowerCase(Locale.ROOT).split("\\.");
        if (labels.length <= 2) return String.join(".", labels);
        String lastTwo = labels[labels.length - 2] + "." + labels[labels.length - 1];
        return TWO_LABEL_SUFFIXES.contains(lastTwo) ? labels[labels.length - 3] + "." + lastTwo : lastTwo;
    }
}
