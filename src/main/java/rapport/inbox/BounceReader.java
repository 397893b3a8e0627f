package rapport.inbox;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.dsn.MessageHeaders;
import rapport.feedback.BounceReasons;
import rapport.feedback.BounceReasons.Reason;
import rapport.feedback.BounceReasons.Verdict;

/**
 * Reads what a bounce says, however it is shaped: a DSN (RFC 3464) with its fields in blocks or
 * all in one (AOL's shape), a {@code multipart/report} without a delivery-status part, a
 * plain-text bounce of the days before DSNs (qmail, old Sendmail, Exchange 2003, IMail), and a
 * mail whose MIME is broken ("Missing start boundary"), which is read as raw text. The returned
 * copy of our note is cut off before the words are read, so a note about "spam" or "blocked"
 * drains never decides a bounce. Stateless.
 */
final class BounceReader {
    /** What a bounce says, before it is judged: the fields found, its words, and the texts that may tie it to a note. */
    record Reading(String action, String status, String diagnostic, String text, List<String> sources, List<String> ids) {}

    /** A bounce judged: its reason, what it means for the customer, its code and its diagnostic on one line. */
    record Finding(Reason reason, Verdict verdict, String status, String diagnostic) {}

    /** Where the copy of the original message starts in a plain-text bounce. */
    private static final Pattern ORIGINAL = Pattern.compile("^\\s*(?:-+ ?|\\*+ ?)?(?:original message|below this line is a copy"
            + "|this is a copy of|the original message|returned message|undelivered message|unsent message|a copy of the"
            + "|message headers? follow|original message headers|the header of the original|content-type: message/rfc822"
            + "|received: |return-path: )", Pattern.CASE_INSENSITIVE);
    private static final int MAX_TEXT = 20_000;

    private BounceReader() {}

    /** Reads a mail as a bounce; never throws for mail it cannot parse, which it reads as raw text. */
    static Reading read(MimeMessage mail) throws MessagingException {
        List<String> sources = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        String human = "";
        DsnFields fields = DsnFields.NONE;
        try {
            if (Reports.isReport(mail, null)) {
                Multipart report = asMultipart(mail);
                for (int i = 0; i < report.getCount(); i++) {
                    BodyPart part = report.getBodyPart(i);
                    if (part.isMimeType("message/delivery-status") || part.isMimeType("message/global-delivery-status")) {
                        fields = DsnFields.parse(rawText(part));
                    } else if (part.isMimeType("message/rfc822") || part.isMimeType("text/rfc822-headers")
                            || part.isMimeType("message/global") || part.isMimeType("message/global-headers")) {
                        returned(part, sources, ids);
                    } else if (human.isEmpty()) {
                        human = firstText(part);
                    }
                }
            } else {
                human = firstText(mail);
            }
        } catch (MessagingException | IOException | RuntimeException e) {
            // Broken MIME still holds the words and fields; read them from the raw bytes.
            human = raw(mail);
        }
        if (!fields.found()) fields = DsnFields.parse(beforeOriginal(human));
        // A report forwarded inside another mail still has its fields in the raw text.
        if (!fields.found()) fields = DsnFields.parse(raw(mail));
        sources.addAll(fields.values());
        ids.addAll(fields.values());
        sources.add(human);
        ids.add(human);
        return new Reading(fields.action(), fields.status(), fields.diagnostic(), beforeOriginal(human), sources, ids);
    }

    /**
     * What the reading means: a success report is {@link Verdict#DELIVERED}; otherwise the reason
     * from the code and the diagnostic, else from the bounce's words. A hard reason in a delay
     * warning, or with a 4.x.x code the server did not give up on, is soft.
     */
    static Finding judge(Reading r, BounceReasons reasons) {
        String action = r.action().toLowerCase(Locale.ROOT);
        String diagnostic = r.diagnostic().isEmpty() ? diagnosticLine(r.text()) : r.diagnostic();
        String known = r.status().isEmpty() && r.diagnostic().isEmpty() ? Optional.ofNullable(Bounces.inReply(r.text())).orElse("") : "";
        String status = known.isEmpty() ? Bounces.status(r.status(), diagnostic, action.isEmpty() ? "failed" : action) : known;
        if (Bounces.isSuccess(action)) return new Finding(reasons.named("delivered"), Verdict.DELIVERED, status, Bounces.diagnostic(diagnostic));
        String code = r.status().isEmpty() && Bounces.inReply(diagnostic) == null && known.isEmpty() ? "" : status;
        Reason reason = reasons.classify(code, diagnostic, r.text());
        Verdict verdict = reason.verdict();
        boolean gaveUp = !action.startsWith("delayed") && (status.startsWith("5") || action.startsWith("failed") || action.isEmpty());
        if (verdict == Verdict.HARD && !gaveUp) verdict = Verdict.SOFT;
        return new Finding(reason, verdict, status, Bounces.diagnostic(diagnostic));
    }

    /**
     * What a plain-text bounce says happened: the line with a status code (and the lines that
     * continue it), else the first with a reply code, else its first words.
     */
    private static String diagnosticLine(String text) {
        String[] lines = text.split("\\R");
        int found = -1;
        for (int i = 0; i < lines.length && found < 0; i++) if (Bounces.inReply(lines[i]) != null) found = i;
        for (int i = 0; i < lines.length && found < 0; i++) if (Bounces.replyClass(lines[i]) != null) found = i;
        if (found < 0) {
            String words = text.strip();
            return words.length() <= Bounces.MAX_DIAGNOSTIC ? words : words.substring(0, Bounces.MAX_DIAGNOSTIC);
        }
        StringBuilder said = new StringBuilder(lines[found].strip());
        for (int i = found + 1; i < lines.length && i <= found + 2 && !lines[i].isBlank(); i++) said.append(' ').append(lines[i].strip());
        return said.toString();
    }

    /** The text up to where the copy of the original message begins. */
    static String beforeOriginal(String text) {
        StringBuilder kept = new StringBuilder();
        boolean started = false;
        for (String line : text.split("\\R")) {
            if (started && ORIGINAL.matcher(line).find()) break;
            if (!line.isBlank()) started = true;
            kept.append(line).append('\n');
        }
        return kept.toString();
    }

    private static Multipart asMultipart(Part mail) throws MessagingException, IOException {
        Object content = mail.getContent();
        if (content instanceof Multipart multipart) {
            multipart.getCount(); // parses it here, where a broken one is caught
            return multipart;
        }
        MimeMultipart parsed = new MimeMultipart(mail.getDataHandler().getDataSource());
        parsed.getCount();
        return parsed;
    }

    /** The headers of the returned copy of our note: its Message-ID and envelope sender tie the bounce to it. */
    private static void returned(BodyPart part, List<String> sources, List<String> ids) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream()) {
            MimeMessage headers = new MessageHeaders(in);
            sources.addAll(Clues.headers(headers, "Return-Path", "Original-Mail-From"));
            ids.addAll(0, Clues.headers(headers, "Message-ID"));
        }
    }

    /** The first text part, depth first: Gmail nests its explanation in multipart/related. */
    private static String firstText(Part part) throws MessagingException, IOException {
        if (part.isMimeType("text/*")) return clip(Snippets.text(part));
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = asMultipart(part);
            for (int i = 0; i < multipart.getCount(); i++) {
                String text = firstText(multipart.getBodyPart(i));
                if (!text.isEmpty()) return text;
            }
        }
        return "";
    }

    private static String rawText(Part part) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream()) {
            return clip(new String(in.readNBytes(MAX_TEXT), StandardCharsets.UTF_8));
        }
    }

    /** The body as its bytes were written, for mail whose MIME structure cannot be parsed. */
    private static String raw(MimeMessage mail) throws MessagingException {
        try (InputStream in = mail.getRawInputStream()) {
            return clip(new String(in.readNBytes(MAX_TEXT * 4), StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                mail.writeTo(out);
            } catch (IOException | MessagingException ignored) {
                // what was read so far is all there is
            }
            return clip(out.toString(StandardCharsets.ISO_8859_1));
        }
    }

    private static String clip(String text) {
        return text.length() <= MAX_TEXT * 4 ? text : text.substring(0, MAX_TEXT * 4);
    }
}
