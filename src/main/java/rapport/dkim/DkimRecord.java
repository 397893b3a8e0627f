package rapport.dkim;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The DNS TXT record that publishes a key: {@code SELECTOR._domainkey.DOMAIN} with
 * {@code v=DKIM1; k=rsa; p=...}. A TXT string holds at most 255 characters, so a 2048-bit RSA
 * key's value is published as several strings that receivers join. Immutable.
 */
public record DkimRecord(String selector, String domain, DkimKey key) {
    /** One DNS character-string's limit (RFC 1035). */
    public static final int MAX_STRING = 255;
    private static final Pattern SELECTOR = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");

    /** A selector is one or more DNS labels: letters, digits and inner hyphens, separated by dots. */
    public static boolean isSelector(String selector) {
        return SELECTOR.matcher(selector).matches();
    }

    /** Where receivers look the key up. */
    public String name() {
        return selector + "._domainkey." + domain;
    }

    /** The record's text, as a DNS provider's web form takes it. */
    public String value() {
        return "v=DKIM1; k=" + key.algorithm().dnsName() + "; p=" + key.publicKeyBase64();
    }

    /** {@link #value()} cut into strings of at most {@value #MAX_STRING} characters. */
    public List<String> strings() {
        String value = value();
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < value.length(); i += MAX_STRING) strings.add(value.substring(i, Math.min(value.length(), i + MAX_STRING)));
        return strings;
    }

    /** The record as a zone file line: {@code NAME IN TXT "..." "..."}. */
    public String zoneLine() {
        StringBuilder line = new StringBuilder(name()).append(" IN TXT");
        for (String s : strings()) line.append(" \"").append(s).append('"');
        return line.toString();
    }
}
