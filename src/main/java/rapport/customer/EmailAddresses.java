package rapport.customer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** Email identity rules: trimmed, compared case-insensitively, keyed by a hash. Thread-safe. */
public final class EmailAddresses {
    // Dot-atom local part and a dotted host name: what every SMTP server accepts without quoting.
    private static final Pattern VALID = Pattern.compile(
            "^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");

    private EmailAddresses() {}

    public static boolean isValid(String email) {
        return email != null && email.length() <= 254 && email.indexOf('@') <= 64 && VALID.matcher(email).matches();
    }

    /**
     * The identity key of an address: a SHA-256 of its lower-case form. Kept after a person is
     * forgotten, so the address stays suppressed without being stored.
     */
    public static String key(String email) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest(email.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
