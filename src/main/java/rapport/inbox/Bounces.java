package rapport.inbox;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The status code and diagnostic of a bounce, and how to recognise the bounces that predate
 * RFC 3464 (plain text from MAILER-DAEMON). A status code is read only where mail servers put
 * one: the DSN's {@code Status} field, the start of a {@code Diagnostic-Code}, or an SMTP reply
 * line ({@code 550 5.1.1}, {@code 550-5.1.1}, {@code #5.1.1}); never from any dotted number in a
 * text, since "Lotus SMTP MTA v4.6.1" in a Received header is a version, not a verdict. The
 * Status field wins, except that a generic {@code x.0.0} or {@code x.y.0} yields to another code of
 * the same class in the diagnostic; without a Status, the diagnostic's code, else its
 * SMTP reply code as {@code x.0.0}, else the Action ("failed" 5.0.0, anything else 4.0.0). Stateless.
 */
final class Bounces {
    private static final String CODE = "([245])\\.(\\d{1,3})\\.(\\d{1,3})(?![\\d.]*\\d)";
    /** A code where servers write one: after a reply code, after '#', or first in the text. */
    private static final Pattern IN_REPLY = Pattern.compile(
            "(?:(?<![\\d.])[245]\\d\\d[ -]['\"]?#?|#|^\\s*(?:[a-z-]+\\s*;\\s*)?|\\(#?|\\[)" + CODE, Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);
    private static final Pattern FIELD = Pattern.compile("^\\s*" + CODE);
    private static final Pattern SMTP_CODE = Pattern.compile("(?:^|[\\s:;#(\\[])([45])[0-5]\\d(?=[ -][A-Za-z#<(\\[\"'])", Pattern.MULTILINE);
    private static final Pattern DIAGNOSTIC_TYPE = Pattern.compile("^[A-Za-z][A-Za-z0-9-]*\\s*;\\s*");
    private static final Pattern DAEMON = Pattern.compile("mailer-daemon|postmaster|mail delivery (subsystem|system)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern BOUNCE_SUBJECT = Pattern.compile(
            "undeliver|undelivered|delivery (status notification|failure|has failed|problem)|mail delivery failed"
                    + "|returned mail|failure notice|non[- ]?deliver|unzustellbar|unable to deliver|could not be delivered"
                    + "|delivery notification|mail system error|nondeliverable|failed delivery|delivery report",
            Pattern.CASE_INSENSITIVE);
    static final int MAX_DIAGNOSTIC = 500;

    private Bounces() {}

    static String status(String statusField, String diagnostic, String action) {
        String fromField = first(FIELD, statusField);
        String fromDiagnostic = inReply(diagnostic, fromField);
        if (fromField != null) {
            // "5.0.0" (Exim) or "5.1.0" (Amazon SES, with the remote server's own code inside) says less than the diagnostic.
            boolean generic = fromField.endsWith(".0");
            if (generic && fromDiagnostic != null && fromDiagnostic.charAt(0) == fromField.charAt(0)) return fromDiagnostic;
            return fromField;
        }
        if (fromDiagnostic != null) return fromDiagnostic;
        String code = replyClass(diagnostic);
        if (code != null) return code + ".0.0";
        return action.startsWith("failed") ? "5.0.0" : "4.0.0";
    }

    /** Whether a failure is permanent by its code and action alone, before its reason is known. */
    static boolean permanent(String status, String action) {
        return status.startsWith("5") && !action.startsWith("delayed");
    }

    /** The enhanced code of an SMTP reply in this text ("550 5.1.1", "#5.1.1"), or null. */
    static String inReply(String text) {
        return inReply(text, null);
    }

    /** The first failure code (4.x.x or 5.x.x) of an SMTP reply in this text other than {@code besides}, or null. */
    static String inReply(String text, String besides) {
        if (text == null) return null;
        Matcher m = IN_REPLY.matcher(text);
        while (m.find()) {
            String code = m.group(1) + "." + m.group(2) + "." + m.group(3);
            if (!code.startsWith("2") && !code.equals(besides)) return code;
        }
        return null;
    }

    /** The class digit of the first SMTP reply code in this text ("550 Mailbox unavailable" is 5), or null. */
    static String replyClass(String text) {
        if (text == null) return null;
        Matcher m = SMTP_CODE.matcher(text);
        return m.find() ? m.group(1) : null;
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

    /** Whether the DSN reports success (a relay or delivery notice), which is not a bounce at all. */
    static boolean isSuccess(String action) {
        String a = action.toLowerCase(Locale.ROOT);
        return a.startsWith("delivered") || a.startsWith("deliverable") || a.startsWith("relayed") || a.startsWith("expanded");
    }

    private static String first(Pattern pattern, String text) {
        if (text == null) return null;
        Matcher m = pattern.matcher(text);
        return m.find() ? m.group(1) + "." + m.group(2) + "." + m.group(3) : null;
    }
}
