package rapport.customer;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVRecord;

/**
 * Turns one CSV row into an {@link ImportedCustomer}, or says precisely why it cannot; reads the
 * header row's layout first.
 * Thread-safe: holds only the header layout and the rules.
 */
final class CsvRowReader {
    static final Set<String> KNOWN = Set.of(
            "email", "first_name", "last_name", "stage", "joined_at", "last_contact_at", "interests");
    private static final int MAX_NAME = 100;
    private static final int MAX_VALUE = 1000;
    private static final Pattern CONTROLS = Pattern.compile("[\\r\\n\\t\\x00-\\x1f\\x7f]+");
    private static final Pattern RUNS_OF_SPACES = Pattern.compile(" {2,}");
    private static final Pattern OFFSET = Pattern.compile("[+-]\\d\\d:?\\d\\d$");

    private final Map<String, Integer> columns;
    private final Set<String> stages;
    private final ZoneId zone;

    /** @param columns lower-case header name to column index */
    CsvRowReader(Map<String, Integer> columns, Set<String> stages, ZoneId zone) {
        this.columns = columns;
        this.stages = stages;
        this.zone = zone;
    }

    /**
     * The header layout: lower-case column name to index.
     *
     * @throws CustomerImport.BadFileException for a duplicate column or no email column
     */
    static Map<String, Integer> columns(String label, CSVRecord header) {
        Map<String, Integer> columns = new LinkedHashMap<>();
        Set<String> duplicates = new LinkedHashSet<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) continue;
            if (columns.putIfAbsent(name, i) != null) duplicates.add(name);
        }
        if (!duplicates.isEmpty()) {
            throw new CustomerImport.BadFileException(label + ":1: duplicate column " + String.join(", ", duplicates));
        }
        if (!columns.containsKey("email")) {
            // European Excel separates by ";" where the decimal mark is a comma. Not read as such:
            // the interests column holds ";" inside a field.
            if (header.size() == 1 && header.get(0).contains(";")) {
                throw new CustomerImport.BadFileException(label + ":1: no \"email\" column in the header row; the file seems"
                        + " separated by \";\": save it as CSV with commas");
            }
            throw new CustomerImport.BadFileException(label + ":1: no \"email\" column in the header row (found: "
                    + String.join(", ", columns.keySet()) + ")");
        }
        return columns;
    }

    /** Thrown for a row that must be skipped; the message is the reason shown to the user. */
    static final class BadRow extends Exception {
        BadRow(String reason) {
            super(reason, null, false, false);
        }
    }

    ImportedCustomer read(int line, List<String> values) throws BadRow {
        String email = value(values, "email");
        if (email == null) throw new BadRow("missing email");
        if (!EmailAddresses.isValid(email)) throw new BadRow("invalid email \"" + printable(email) + "\"");
        String stage = value(values, "stage");
        if (stage != null) {
            stage = stage.toLowerCase(Locale.ROOT);
            if (!stages.contains(stage)) {
                throw new BadRow("unknown stage \"" + printable(stage) + "\" (known: " + String.join(", ", stages) + ")");
            }
        }
        return new ImportedCustomer(line, EmailAddresses.key(email), email,
                headerSafe("first_name", value(values, "first_name"), MAX_NAME),
                headerSafe("last_name", value(values, "last_name"), MAX_NAME),
                stage,
                date("joined_at", value(values, "joined_at")),
                instant("last_contact_at", value(values, "last_contact_at")),
                interests(value(values, "interests")),
                attributes(values));
    }

    private String value(List<String> values, String column) {
        Integer index = columns.get(column);
        if (index == null || index >= values.size()) return null;
        String v = values.get(index).trim();
        return v.isEmpty() ? null : v;
    }

    /** Most values are plain: a scan spares them the two replacements (a million rows, several values each). */
    private static boolean needsFolding(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f || c == ' ' && i + 1 < value.length() && value.charAt(i + 1) == ' ') return true;
        }
        return false;
    }

    /** Names and attributes can reach a subject line: fold any line break into a space. */
    private static String headerSafe(String column, String value, int max) throws BadRow {
        if (value == null) return null;
        String clean = (needsFolding(value) ? RUNS_OF_SPACES.matcher(CONTROLS.matcher(value).replaceAll(" ")).replaceAll(" ") : value).trim();
        if (clean.length() > max) {
            throw new BadRow(column + " is " + clean.length() + " characters long (at most " + max + ")");
        }
        return clean.isEmpty() ? null : clean;
    }

    private static LocalDate date(String column, String value) throws BadRow {
        if (value == null) return null;
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadRow(column + " \"" + printable(value) + "\" is not an ISO date (YYYY-MM-DD)");
        }
    }

    private Instant instant(String column, String value) throws BadRow {
        if (value == null) return null;
        try {
            if (value.length() == 10) return LocalDate.parse(value).atStartOfDay(zone).toInstant();
            if (value.endsWith("Z") || OFFSET.matcher(value).find()) {
                return OffsetDateTime.parse(value).toInstant();
            }
            return LocalDateTime.parse(value).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadRow(column + " \"" + printable(value)
                    + "\" is not an ISO date or date-time (YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z])");
        }
    }

    private static List<String> interests(String value) throws BadRow {
        if (value == null) return null;
        Set<String> out = new LinkedHashSet<>();
        for (String part : value.split(";")) {
            String clean = headerSafe("interests", part, MAX_NAME);
            if (clean != null) out.add(clean.toLowerCase(Locale.ROOT));
        }
        return new ArrayList<>(out);
    }

    private Map<String, String> attributes(List<String> values) throws BadRow {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> column : columns.entrySet()) {
            if (KNOWN.contains(column.getKey()) || column.getValue() >= values.size()) continue;
            String clean = headerSafe(column.getKey(), values.get(column.getValue()), MAX_VALUE);
            if (clean != null) out.put(column.getKey(), clean);
        }
        return out.isEmpty() ? null : out;
    }

    /** Shows a bad value in a report without letting it break the report's own lines. */
    static String printable(String value) {
        String flat = value.replaceAll("[\\r\\n]+", "\\\\n");
        return flat.length() > 60 ? flat.substring(0, 57) + "..." : flat;
    }
}
