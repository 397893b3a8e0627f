package rapport.inbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fields of a delivery status (RFC 3464), read leniently from text: blocks of
 * {@code Name: value} lines (continuation lines folded in), separated by blank lines. Read by
 * hand rather than by a strict parser because real reports differ: AOL puts the per-message and
 * per-recipient fields in one block, some servers indent or misorder them, and a mail with broken
 * MIME still carries them in its raw text. The recipient taken is the failed one, else the
 * delayed one, else the first with an Action or Status: Rapport sends each note to one person.
 * Immutable.
 */
record DsnFields(String action, String status, String diagnostic, List<String> values) {
    static final DsnFields NONE = new DsnFields("", "", "", List.of());
    private static final Pattern FIELD = Pattern.compile("^([A-Za-z][A-Za-z0-9-]*)[ \\t]*:[ \\t]*(.*)$");

    DsnFields {
        values = List.copyOf(values);
    }

    /** Whether a recipient's Action or Status was found. */
    boolean found() {
        return !action.isEmpty() || !status.isEmpty();
    }

    static DsnFields parse(String text) {
        List<Map<String, String>> blocks = new ArrayList<>();
        List<String> values = new ArrayList<>();
        Map<String, String> block = new LinkedHashMap<>();
        String last = null;
        for (String line : text.split("\\R")) {
            if (line.isBlank()) {
                if (!block.isEmpty()) blocks.add(block);
                block = new LinkedHashMap<>();
                last = null;
                continue;
            }
            Matcher m = FIELD.matcher(line);
            if ((line.startsWith(" ") || line.startsWith("\t")) && last != null) {
                block.merge(last, " " + line.strip(), String::concat);
            } else if (m.matches()) {
                last = m.group(1).toLowerCase(Locale.ROOT);
                block.putIfAbsent(last, m.group(2).strip());
                values.add(m.group(2));
            } else {
                last = null;
            }
        }
        if (!block.isEmpty()) blocks.add(block);
        Map<String, String> recipient = pick(blocks);
        if (recipient == null) return new DsnFields("", "", "", values);
        return new DsnFields(recipient.getOrDefault("action", "").toLowerCase(Locale.ROOT), recipient.getOrDefault("status", ""),
                recipient.getOrDefault("diagnostic-code", ""), values);
    }

    private static Map<String, String> pick(List<Map<String, String>> blocks) {
        Map<String, String> delayed = null;
        Map<String, String> any = null;
        for (Map<String, String> b : blocks) {
            String action = b.getOrDefault("action", "").toLowerCase(Locale.ROOT);
            if (action.startsWith("failed")) return b;
            if (action.startsWith("delayed") && delayed == null) delayed = b;
            if (any == null && (b.containsKey("action") || b.containsKey("status"))) any = b;
        }
        return delayed != null ? delayed : any;
    }
}
