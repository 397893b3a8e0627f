package rapport.tracking;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fields of a posted form. RFC 8058 lets a mail provider send its one-click request either
 * as {@code application/x-www-form-urlencoded} (what most do) or as {@code multipart/form-data}
 * (what the RFC prefers), so both are read; anything else is read as the former. Immutable.
 */
record FormBody(Map<String, List<String>> fields) {
    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary=(?:\"([^\"]+)\"|([^;\\s]+))");
    private static final Pattern FIELD_NAME = Pattern.compile("(?i)content-disposition:[^\\r\\n]*?\\bname=\"([^\"]*)\"");

    FormBody {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        fields.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        fields = java.util.Collections.unmodifiableMap(copy);
    }

    /** Whether the field is present with this value, letter case aside. */
    boolean has(String name, String value) {
        return fields.getOrDefault(name, List.of()).stream().anyMatch(v -> v.trim().equalsIgnoreCase(value));
    }

    /** Every value of the field, in order; none when absent. */
    List<String> values(String name) {
        return fields.getOrDefault(name, List.of());
    }

    /** The field's first value, or null when absent. */
    String value(String name) {
        List<String> values = values(name);
        return values.isEmpty() ? null : values.get(0);
    }

    /** The fields of a URL's query ({@code a=1&b=2}; null: none). */
    static FormBody query(String rawQuery) {
        return urlEncoded(rawQuery == null ? "" : rawQuery);
    }

    /**
     * Reads a body of the given content type (may be null).
     *
     * @throws IllegalArgumentException when the body is not a well-formed form
     */
    static FormBody parse(String contentType, byte[] body) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("multipart/form-data")) {
            Matcher m = BOUNDARY.matcher(contentType);
            if (!m.find()) throw new IllegalArgumentException("a multipart form without a boundary");
            return multipart(new String(body, StandardCharsets.ISO_8859_1), m.group(1) != null ? m.group(1) : m.group(2));
        }
        return urlEncoded(new String(body, StandardCharsets.UTF_8));
    }

    private static FormBody urlEncoded(String text) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (String pair : text.split("&")) {
            String p = pair.strip();
            if (p.isEmpty()) continue;
            int eq = p.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? p : p.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8);
            fields.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return new FormBody(fields);
    }

    /** Read byte for byte (ISO-8859-1), so that values can be decoded as UTF-8 afterwards. */
    private static FormBody multipart(String text, String boundary) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        String delimiter = "--" + boundary;
        String[] parts = text.split(Pattern.quote(delimiter), -1);
        // parts[0] is the preamble; a part starting with "--" is the closing delimiter's tail.
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            if (part.startsWith("--")) break;
            int headersEnd = part.indexOf("\r\n\r\n");
            if (headersEnd < 0) throw new IllegalArgumentException("a form part without headers");
            Matcher name = FIELD_NAME.matcher(part.substring(0, headersEnd));
            if (!name.find()) continue;
            String value = part.substring(headersEnd + 4);
            if (value.endsWith("\r\n")) value = value.substring(0, value.length() - 2);
            fields.computeIfAbsent(utf8(name.group(1)), k -> new ArrayList<>()).add(utf8(value));
        }
        return new FormBody(fields);
    }

    private static String utf8(String bytes) {
        return new String(bytes.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
