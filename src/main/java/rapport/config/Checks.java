package rapport.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.regex.Pattern;
import rapport.config.RapportConfig.Tls;

/**
 * Value rules of the configuration, one small function each: return the normalised value or
 * throw {@link InvalidValue} with a reason the user can act on. Stateless and thread-safe.
 */
final class Checks {
    private static final String ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
    private static final String LABEL = "[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?";
    private static final Pattern EMAIL =
            Pattern.compile(ATOM + "(\\." + ATOM + ")*@" + LABEL + "(\\." + LABEL + ")*");
    private static final Pattern STAGE = Pattern.compile("[a-z][a-z0-9_-]*");
    private static final Pattern URL_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9]+:.*", Pattern.DOTALL);
    private static final String H2 = "jdbc:h2:";
    private static final String H2_FILE = "jdbc:h2:file:";
    private static final String DORMANT = "dormant";

    private Checks() {}

    /** A bare address (no display name); single-label domains such as {@code localhost} are fine for tests. */
    static String email(String raw) {
        String value = raw.strip();
        if (EMAIL.matcher(value).matches() && value.length() <= 254 && value.indexOf('@') <= 64) return value;
        String hint = value.contains("<") ? " (write the bare address; the display name goes in sender.name)" : "";
        throw new InvalidValue("not a valid email address: \"" + raw + "\"" + hint);
    }

    /** Tracking links are built by appending paths, so the root is kept without a trailing slash. */
    static String baseUrl(String raw) {
        String value = raw.strip();
        URI uri = null;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            // reported below with the same message as any other non-URL
        }
        if (uri == null || uri.getScheme() == null || uri.getHost() == null
                || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))) {
            throw new InvalidValue("must be an absolute http or https URL such as https://news.example.com, got \""
                    + raw + "\"");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new InvalidValue("must not have a query or fragment, got \"" + raw + "\"");
        }
        while (value.endsWith("/")) value = value.substring(0, value.length() - 1);
        return value;
    }

    record HostPort(String host, int port) {}

    /** {@code host:port}; an IPv6 host is written in brackets, {@code [::1]:8080}. */
    static HostPort listen(String raw) {
        String value = raw.strip();
        String host;
        String port;
        if (value.startsWith("[") && value.contains("]:")) {
            host = value.substring(1, value.indexOf("]:"));
            port = value.substring(value.indexOf("]:") + 2);
        } else {
            int colon = value.lastIndexOf(':');
            if (colon < 0 || value.indexOf(':') != colon) throw badListen(raw);
            host = value.substring(0, colon);
            port = value.substring(colon + 1);
        }
        if (host.isBlank() || !port.matches("[0-9]{1,5}")) throw badListen(raw);
        int number = Integer.parseInt(port);
        if (number < 1 || number > 65535) {
            throw new InvalidValue("port " + number + " is out of range (1-65535)");
        }
        return new HostPort(host, number);
    }

    private static InvalidValue badListen(String raw) {
        return new InvalidValue("expected host:port such as 127.0.0.1:8080, got \"" + raw + "\"");
    }

    static Tls tls(String raw) {
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "none" -> Tls.NONE;
            case "starttls" -> Tls.STARTTLS;
            case "ssl" -> Tls.SSL;
            default -> throw new InvalidValue("expected one of none, starttls, ssl, got \"" + raw + "\"");
        };
    }

    static ZoneId zone(String raw) {
        try {
            return ZoneId.of(raw.strip());
        } catch (DateTimeException e) {
            String hint = Spelling.closest(raw.strip(), ZoneId.getAvailableZoneIds().stream().sorted().toList())
                    .map(z -> "; did you mean " + z + "?")
                    .orElse(" (use a region id such as America/New_York, or UTC)");
            throw new InvalidValue("not a time zone: \"" + raw + "\"" + hint);
        }
    }

    /** Names end up in the CSV, the database and template conditions, so they stay plain. */
    static String stageName(String raw) {
        if (!STAGE.matcher(raw).matches()) {
            throw new InvalidValue("a stage name is lower-case: a letter, then letters, digits, _ or -; got \""
                    + raw + "\"");
        }
        if (raw.equals(DORMANT)) {
            throw new InvalidValue("\"dormant\" is reserved for the dormancy state (see the dormant section);"
                    + " choose another name");
        }
        return raw;
    }

    /**
     * An H2 file database is opened by {@code serve} and by a marketer's {@code preview} from
     * wherever they stand, so a relative path is pinned to the workspace and AUTO_SERVER lets
     * the second process share the file instead of failing on the lock.
     */
    static String databaseUrl(String raw, Path workspace) {
        String value = raw.strip();
        if (value.startsWith("jdbc:postgresql:")) return value;
        if (!value.startsWith(H2)) {
            throw new InvalidValue("must start with jdbc:h2: or jdbc:postgresql:, got \"" + raw + "\"");
        }
        String rest = value.substring(H2.length());
        if (rest.startsWith("file:")) {
            rest = rest.substring("file:".length());
        } else if (URL_SCHEME.matcher(rest).matches()) {
            return value; // mem:, tcp:, ssl:, zip: ... nothing on our disk to pin
        }
        int semicolon = rest.indexOf(';');
        String file = semicolon < 0 ? rest : rest.substring(0, semicolon);
        String options = semicolon < 0 ? "" : rest.substring(semicolon);
        if (file.isBlank()) throw new InvalidValue("names no database file: \"" + raw + "\"");
        if (!file.startsWith("/") && !file.startsWith("~")) file = path(workspace, file).toString();
        if (!setsOption(options, "AUTO_SERVER")) options += ";AUTO_SERVER=TRUE";
        return H2_FILE + file + options;
    }

    private static boolean setsOption(String options, String name) {
        for (String option : options.split(";")) {
            String key = option.contains("=") ? option.substring(0, option.indexOf('=')) : option;
            if (key.strip().equalsIgnoreCase(name)) return true;
        }
        return false;
    }

    /** A path as written, resolved against the workspace when relative. */
    static Path path(Path workspace, String raw) {
        try {
            return workspace.resolve(raw.strip()).normalize();
        } catch (InvalidPathException e) {
            throw new InvalidValue("not a valid path: \"" + raw + "\" (" + e.getReason() + ")");
        }
    }
}
