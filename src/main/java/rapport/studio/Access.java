package rapport.studio;

import com.sun.net.httpserver.HttpExchange;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who may use the studio: whoever holds the key printed at its start (128 random bits, new at
 * every start). The key arrives once in the address ({@code ?key=}); the studio then keeps it in
 * a cookie of its own (HttpOnly, SameSite=Strict, named by port so two studios do not mix).
 * The token of its one form is derived from the key, so a page elsewhere cannot post to it.
 * Immutable, thread-safe.
 */
final class Access {
    private final String key;
    private final String cookie;
    private final String formToken;

    private Access(String key, int port) {
        this.key = key;
        this.cookie = "rapport_studio_" + port;
        this.formToken = hmac(key, "send-test");
    }

    static Access fresh(int port) {
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        return new Access(HexFormat.of().formatHex(random), port);
    }

    String key() {
        return key;
    }

    String formToken() {
        return formToken;
    }

    /** The key of the address, when the request carries one. */
    static Optional<String> keyInQuery(String query) {
        return param(query, "key");
    }

    boolean allows(HttpExchange ex) {
        String query = ex.getRequestURI().getRawQuery();
        return keyInQuery(query).map(this::matches).orElse(false) || cookieKey(ex).map(this::matches).orElse(false);
    }

    boolean formTokenMatches(String token) {
        return token != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), formToken.getBytes(StandardCharsets.UTF_8));
    }

    /** The header that keeps the key for the next requests. */
    String setCookie() {
        return cookie + "=" + key + "; Path=/; HttpOnly; SameSite=Strict";
    }

    private boolean matches(String candidate) {
        return MessageDigest.isEqual(candidate.getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8));
    }

    private Optional<String> cookieKey(HttpExchange ex) {
        for (String header : ex.getRequestHeaders().getOrDefault("Cookie", java.util.List.of())) {
            for (String pair : header.split(";")) {
                String[] kv = pair.trim().split("=", 2);
                if (kv.length == 2 && kv[0].equals(cookie)) return Optional.of(kv[1]);
            }
        }
        return Optional.empty();
    }

    /** The first value of {@code name} in a query string or form body, decoded. */
    static Optional<String> param(String encoded, String name) {
        if (encoded == null) return Optional.empty();
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            if (decode(k).equals(name)) return Optional.of(eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return Optional.empty();
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static String hmac(String key, String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
