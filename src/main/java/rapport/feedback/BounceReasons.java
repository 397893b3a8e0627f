package rapport.feedback;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Why a mail server refused a note, read from its enhanced status code and its words, and what
 * that means for the customer: the address is gone ({@link Verdict#HARD}), the refusal is about
 * the sender and never the address ({@link Verdict#SENDER}: a DKIM mistake must not cost a shop
 * every Gmail customer), or a temporary state of the mailbox ({@link Verdict#SOFT}). The same
 * rules read a bounce mail and a refusal at send time. The reasons, their phrases and the codes
 * that name a reason by themselves are in {@code bounce-reasons.txt}, adapted from Sisimai.
 * Thread-safe: immutable once loaded.
 */
public final class BounceReasons {
    /** What a reason means for the customer. */
    public enum Verdict {
        /** Not a failure at all: a success report. */
        DELIVERED,
        /** The address cannot receive mail: suppressed at once. */
        HARD,
        /** A refusal about the sender (IP, domain, authentication, content, rate): recorded, counted per run, never suppresses. */
        SENDER,
        /** Temporary by nature: suppresses only after repeated failures with no engagement between. */
        SOFT
    }

    /** One reason: its name ({@code userunknown}), verdict, the topic a person reads and what the shop should check. */
    public record Reason(String name, Verdict verdict, String topic, String advice) {}

    /** When the code names one of these, its words decide: mail servers use these codes for many things. */
    private static final Set<String> CODE_IS_VAGUE = Set.of("securityerror", "filtered", "systemerror", "suspend", "expired",
            "networkerror", "contenterror", "notaccept");
    /** Words about the sender, or a full mailbox, outrank any code: servers answer 5.1.1 for a blocked IP or a full box. */
    private static final Set<String> WORDS_OUTRANK_CODE = Set.of("mailboxfull", "authfailure", "badreputation", "speeding",
            "spamdetected", "virusdetected", "policyviolation", "norelaying", "requireptr", "blocked", "toomanyconn");
    private static final Reason DELIVERED = new Reason("delivered", Verdict.DELIVERED, "delivered", "");
    private static final Reason UNDEFINED = new Reason("undefined", Verdict.SOFT, "reason not recognised", "");
    private static final java.util.regex.Pattern REPLY_CODE =
            java.util.regex.Pattern.compile("(?<![\\d.])[245]\\d\\d[ -]([245]\\.\\d{1,3}\\.\\d{1,3})(?![\\d.]*\\d)");
    private static final String RESOURCE = "/rapport/feedback/bounce-reasons.txt";

    private final List<Section> sections;
    private final Map<String, Reason> byCode;
    private final Map<String, Reason> byName;

    private record Section(Reason reason, List<String[]> phrases, List<String> exceptions) {
        boolean matches(String text) {
            for (String not : exceptions) if (text.contains(not)) return false;
            for (String[] parts : phrases) if (aligned(text, parts)) return true;
            return false;
        }
    }

    private BounceReasons(List<Section> sections, Map<String, Reason> byCode, Map<String, Reason> byName) {
        this.sections = sections;
        this.byCode = byCode;
        this.byName = byName;
    }

    /** The table that ships with Rapport. */
    public static BounceReasons standard() {
        try (InputStream in = BounceReasons.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " is missing from the class path");
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The reason for a failure with this enhanced status code (may be empty) and these texts (a
     * diagnostic, then the words of the bounce): the first text whose words name a reason
     * speaks. A 2.x.x code is a success. A code that names a reason by itself wins over the
     * words, except words about the sender or a full mailbox: a server that says "5.1.1 ...
     * blocked" refuses the sender. Without code or words that say anything, the reason is
     * "undefined" and soft.
     */
    public Reason classify(String status, String... texts) {
        String code = status == null ? "" : status.trim();
        if (code.startsWith("2.")) return DELIVERED;
        Reason fromWords = null;
        for (String text : texts) {
            fromWords = fromWords(normalise(text));
            if (fromWords != null) break;
        }
        Reason fromCode = byCode.get(code);
        // "x.y.0" is "other" in RFC 3463: servers use 5.1.0 for a refused sender as often as for an unknown user.
        boolean vague = fromCode == null || CODE_IS_VAGUE.contains(fromCode.name()) || code.endsWith(".0");
        if (!vague) {
            if (fromWords != null && WORDS_OUTRANK_CODE.contains(fromWords.name())) return fromWords;
            return fromCode;
        }
        if (fromWords != null) return fromWords;
        if (fromCode != null) return fromCode;
        if (code.length() > 3 && code.substring(1, 3).equals(".7")) return byName.get("securityerror");
        if (code.length() > 3 && code.substring(1, 3).equals(".6")) return byName.get("contenterror");
        return UNDEFINED;
    }

    /** The enhanced status code of the first SMTP reply in a server's words ("550 5.7.26 ..." gives 5.7.26), or empty. */
    public static String codeInReply(String said) {
        java.util.regex.Matcher m = REPLY_CODE.matcher(said == null ? "" : said);
        return m.find() ? m.group(1) : "";
    }

    /** The reason of this name ({@code authfailure}), for reading back what was recorded. */
    public Reason named(String name) {
        if (name.equals(DELIVERED.name())) return DELIVERED;
        return byName.getOrDefault(name, UNDEFINED);
    }

    private Reason fromWords(String words) {
        if (words.isEmpty()) return null;
        for (Section s : sections) if (s.matches(words)) return s.reason();
        return null;
    }

    /** Lower case, every run of whitespace one space: how phrases are written. */
    static String normalise(String text) {
        if (text == null) return "";
        return text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").trim();
    }

    /** Whether every part occurs in the text, each after the one before (Sisimai's "aligned"). */
    private static boolean aligned(String text, String[] parts) {
        int from = 0;
        for (String part : parts) {
            int at = text.indexOf(part, from);
            if (at < 0) return false;
            from = at + part.length();
        }
        return true;
    }

    private static BounceReasons parse(BufferedReader in) throws IOException {
        List<Section> sections = new ArrayList<>();
        Map<String, Reason> byName = new HashMap<>();
        Map<String, String> codes = new HashMap<>();
        Section current = null;
        boolean inCodes = false;
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank() || line.startsWith("#")) continue;
            if (line.startsWith("[")) {
                String[] head = line.substring(1, line.lastIndexOf(']')).split("\\|", -1);
                inCodes = head[0].trim().equals("codes");
                if (inCodes) continue;
                Reason reason = new Reason(head[0].trim(), Verdict.valueOf(head[1].trim().toUpperCase(Locale.ROOT)),
                        head[2].trim(), head.length > 3 ? head[3].trim() : "");
                current = new Section(reason, new ArrayList<>(), new ArrayList<>());
                sections.add(current);
                byName.put(reason.name(), reason);
            } else if (inCodes) {
                String[] pair = line.trim().split("\\s+");
                codes.put(pair[0], pair[1]);
            } else if (current != null) {
                String phrase = normalisePhrase(line);
                if (phrase.startsWith("!")) current.exceptions().add(phrase.substring(1));
                else current.phrases().add(phrase.split("<\\*>", -1));
            }
        }
        Map<String, Reason> byCode = new HashMap<>();
        codes.forEach((code, name) -> {
            if (name.equals("delivered")) return;
            Reason reason = byName.get(name);
            if (reason == null) throw new IllegalStateException(RESOURCE + ": code " + code + " names an unknown reason " + name);
            byCode.put(code, reason);
        });
        return new BounceReasons(List.copyOf(sections), Map.copyOf(byCode), Map.copyOf(byName));
    }

    /** As {@link #normalise}, but a phrase's leading and trailing space is part of it. */
    private static String normalisePhrase(String line) {
        return line.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }
}
