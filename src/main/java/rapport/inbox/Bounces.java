package rapport.inbox;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The status code and diagnostic of a bounce, and how to recognise the bounces that predate
 * RFC 3464 (plain text from MAILER-DAEMON). Rules: the DSN's {@code Status} field wins, except
 * that a generic {@code x.0.0} (Exim's habit) yields to a more specific code of the same class in
 * the {@code Diagnostic-Code}; without a Status, the diagnostic's enhanced code, else its SMTP
 * reply code as {@code x.0.0}, else the Action ("failed" 5.0.0, anything else 4.0.0). A bounce is
 * permanent when the code is 5.x.x and the Action is not "delayed". Stateless.
 */
final class Bounces {
    private static final Pattern ENHANCED = Pattern.compile("(?<![\\d.])([245])\\.(\\d{1,3})\\.(\\d{1,3})(?![\\d.]*\\d)");
    private static final Pattern SMTP_CODE = Pattern.compile("(?<![\\d.])([45])\\d\\d(?=[ -])");
    private static final Pattern DIAGNOSTIC_TYPE = Pattern.compile("^[A-Za-z][A-Za-z0-9-]*\\s*;\\s*");
    private static final Pattern DAEMON = Pattern.compile("mailer-daemon|postmaster|mail delivery (subsystem|system)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern BOUNCE_SUBJECT = Pattern.compile(
            "undeliver|undelivered|delivery (status notification|failure|has failed)|mail delivery failed"
                    + "|returned mail|failure notice|non[- ]?deliver|unzustellbar|unable to deliver",
            Pattern.CASE_INSENSITIVE);
    static final int MAX_DIAGNOSTIC = 500;

    private Bounces() {}

    static String status(String statusField, String diagnostic, String action) {
        String fromField = enhanced(statusField);
        String fromDiagnostic = enhanced(diagnostic);
        if (fromField != null) {
            boolean generic = fromField.endsWith(".0.0");
            if (generic && fromDiagnostic != null && fromDiagnostic.charAt(0) == fromField.charAt(0)) return fromDiagnostic;
            return fromField;
        }
        if (fromDiagnostic != null) return fromDiagnostic;
        Matcher code = SMTP_CODE.matcher(diagnostic);
        if (code.find()) return code.group(1) + ".0.0";
        return action.startsWith("failed") ? "5.0.0" : "4.0.0";
    }

    static boolean permanent(String status, String action) {
        return status.startsWith("5") && !action.startsWith("delayed");
    }

    /** The diagnostic on one line: "smtp; 550 5.1.1 …" becomes "550 5.1.1 …", at most 500 characters. */
    static String diagnostic(String raw) {
        String oneLine = raw.replaceAll("\\s+", " ").trim();
        oneLine = DIAGNOSTIC_TYPE.matcher(oneLine).replaceFirst("");
        return oneLine.length() <= MAX_DIAGNOSTIC ? oneLine : oneLine.substring(0, MAX_DIAGNOSTIC - 1) + "…";
    }

    /** Whether a mail that reached the bounce address looks like a pre-RFC 3464 bounce rather than a person. */
    static boolean looksLikeBounce(String from, String subject) {
        return DAEMON.matcher(from).find() || BOUNCE_SUBJECT.matcher(subject).find();
    }

    /**
     * Status and diagnostic of a plain-text bounce: the first enhanced code in the text and its
     * line; without one the bounce counts as soft ("4.0.0"), so guesswork never suppresses anyone.
     */
    static String[] fromText(String text) {
        for (String line : text.split("\\R")) {
            String code = enhanced(line);
            if (code != null) return new String[] {code, diagnostic(line)};
        }
        return new String[] {"4.0.0", "no status code found in a plain-text bounce"};
    }

    private static String enhanced(String text) {
        if (text == null) return null;
        Matcher m = ENHANCED.matcher(text);
        return m.find() ? m.group(1) + "." + m.group(2) + "." + m.group(3) : null;
    }

    /** Whether the DSN reports success (a relay or delivery notice), which is not a bounce at all. */
    static boolean isSuccess(String action) {
        String a = action.toLowerCase(Locale.ROOT);
        return a.startsWith("delivered") || a.startsWith("relayed") || a.startsWith("expanded");
    }
}
