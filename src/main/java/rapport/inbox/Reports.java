package rapport.inbox;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.angus.mail.dsn.MessageHeaders;
import org.eclipse.angus.mail.dsn.MultipartReport;

/**
 * Reads multipart/report mail (RFC 6522) with Angus DSN: abuse feedback reports (ARF, RFC 5965)
 * (delivery status notifications are {@link BounceReader}'s), and the returned copy of the original
 * message or its headers. Parts are looked for by type rather than position, because MTAs differ
 * in what they put before the report (Gmail nests its text in multipart/related). Stateless.
 */
final class Reports {
    /** An ARF report's fields (Feedback-Type, Original-Mail-From …) and the returned message's headers. */
    record Feedback(InternetHeaders fields, Optional<MimeMessage> returned) {}

    private Reports() {}

    /** Whether this is a multipart/report of the given report-type ("delivery-status", "feedback-report"). */
    static boolean isReport(Part mail, String reportType) throws MessagingException {
        ContentType type = contentType(mail);
        if (type == null || !type.match("multipart/report")) return false;
        String report = type.getParameter("report-type");
        return reportType == null || report != null && report.trim().equalsIgnoreCase(reportType);
    }

    /**
     * The Content-Type header as written, null when missing or unparseable. Read from the header
     * rather than {@code getContentType()}, which on an IMAP message asks the server for the
     * BODYSTRUCTURE: the poll decides from headers alone whether a mail's body is worth fetching.
     */
    static ContentType contentType(Part mail) throws MessagingException {
        String[] header = mail.getHeader("Content-Type");
        if (header == null || header.length == 0) return null;
        try {
            return new ContentType(header[0]);
        } catch (jakarta.mail.internet.ParseException e) {
            return null;
        }
    }

    static Optional<Feedback> feedback(Part mail) throws MessagingException, IOException {
        MultipartReport report = report(mail);
        Optional<BodyPart> fieldsPart = part(report, "message/feedback-report");
        if (fieldsPart.isEmpty()) return Optional.empty();
        try (InputStream in = fieldsPart.get().getInputStream()) {
            return Optional.of(new Feedback(new InternetHeaders(in), returned(report)));
        }
    }

    /**
     * The report as the DSN handlers registered in the dsn jar's mailcap give it; should a
     * repackaged class path have lost that mailcap, the same bytes are parsed directly.
     */
    private static MultipartReport report(Part mail) throws MessagingException, IOException {
        Object content = mail.getContent();
        if (content instanceof MultipartReport report) return report;
        return new MultipartReport(mail.getDataHandler().getDataSource());
    }

    /** The headers of the returned original, whether the whole message or only its headers came back. */
    private static Optional<MimeMessage> returned(Multipart report) throws MessagingException, IOException {
        Optional<BodyPart> part = part(report, "message/rfc822", "text/rfc822-headers", "message/global", "message/global-headers");
        if (part.isEmpty()) return Optional.empty();
        // Only the headers matter; MessageHeaders reads them and leaves any body unparsed.
        try (InputStream in = part.get().getInputStream()) {
            return Optional.of(new MessageHeaders(in));
        }
    }

    private static Optional<BodyPart> part(Multipart multipart, String... types) throws MessagingException {
        List<BodyPart> parts = new ArrayList<>();
        for (int i = 0; i < multipart.getCount(); i++) parts.add(multipart.getBodyPart(i));
        for (BodyPart p : parts) {
            for (String type : types) if (p.isMimeType(type)) return Optional.of(p);
        }
        return Optional.empty();
    }

    static String first(InternetHeaders headers, String name) {
        List<String> values = Clues.headers(headers, name);
        return values.isEmpty() ? "" : values.get(0).trim();
    }
}
