package rapport.render;

import freemarker.template.SimpleDate;
import freemarker.template.TemplateDateModel;
import freemarker.template.utility.StringUtil;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.jsoup.nodes.Entities;
import rapport.club.PendingSignup;
import rapport.config.RapportConfig;

/**
 * The note that asks a person who joined from the website to confirm: a system piece the marketer
 * may write as {@code templates/_confirm.ftlh} (never sent as a piece: its name starts with
 * {@code _}), else the product's own. Its model: {@code signup.firstName} (missing when not
 * given), {@code signup.email}, {@code links.confirm}, {@code sender}, {@code now}. Its subject is
 * the front matter's {@code subject:} line as plain text, where {@code ${sender.name}} is the one
 * name replaced (it is written before anyone's data is known), or else "Please confirm: notes
 * from" the shop's name.
 *
 * <p>The message: From the sender, To the address, Reply-To the shop's reply address, a
 * Message-ID of its own per signup, multipart/alternative (text derived from the HTML), and the
 * postal address in the body (added when the template does not show it). No List-Unsubscribe:
 * it is not a newsletter but the one answer to the person's own request, and ignoring it is the
 * way to say no. Thread-safe.
 */
public final class ConfirmationNote {
    /** The marketer's own confirmation note, in the templates folder. */
    public static final String TEMPLATE = "_confirm.ftlh";
    private static final String BUILT_IN = "notes/confirm.ftlh";

    private final Path templates;
    private final ZoneId zone;
    private final TemplateEngine builtIn;
    private final RapportConfig.Sender sender;
    private final InternetAddress from;

    /** @param templates the workspace's templates folder, where {@code _confirm.ftlh} may be */
    public ConfirmationNote(Path templates, RapportConfig.Sender sender, ZoneId zone) {
        this.templates = templates;
        this.zone = zone;
        this.builtIn = TemplateEngine.pages(zone);
        this.sender = sender;
        try {
            this.from = new InternetAddress(sender.address(), sender.name(), StandardCharsets.UTF_8.name());
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }
    }

    /** The model a confirmation template sees. */
    public static Map<String, Object> model(String firstName, String email, String confirmLink, RapportConfig.Sender sender, Instant now) {
        Map<String, Object> signup = new HashMap<>();
        if (firstName != null) signup.put("firstName", firstName);
        signup.put("email", email);
        Map<String, Object> model = new HashMap<>();
        model.put("signup", signup);
        model.put("links", Map.of("confirm", confirmLink));
        model.put("sender", Model.sender(sender));
        model.put("now", new SimpleDate(Date.from(now), TemplateDateModel.DATETIME));
        return model;
    }

    /**
     * The envelope sender: the shop's reply mailbox, which {@code poll} reads. A bounce of a
     * confirmation names no customer there and is left alone; the signup simply expires.
     */
    public String envelopeFrom() {
        return sender.replyTo();
    }

    /** The subject a confirmation template's front matter gives, if any. */
    public static Optional<String> subjectOf(String source) {
        String text = source.stripLeading();
        int end = text.indexOf("-->");
        if (!text.startsWith("<#--") || end < 0) return Optional.empty();
        for (String line : text.substring(4, end).split("\\R")) {
            String s = line.strip();
            if (!s.startsWith("subject:")) continue;
            s = s.substring("subject:".length()).strip();
            if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
                s = s.substring(1, s.length() - 1);
            }
            s = TemplateEngine.oneLine(s);
            return s.isEmpty() ? Optional.empty() : Optional.of(s);
        }
        return Optional.empty();
    }

    /** The message for {@code signup}, whose button leads to {@code confirmLink}. */
    public MimeMessage compose(Session session, PendingSignup signup, String confirmLink, Instant now, String messageDomain)
            throws RenderException {
        Path own = templates.resolve(TEMPLATE);
        boolean custom = Files.isRegularFile(own);
        Map<String, Object> model = model(signup.firstName(), signup.email(), confirmLink, sender, now);
        // The marketer's file is read afresh for each note (they are few), so an edit counts at once.
        String html = custom ? new TemplateEngine(templates, zone).render(TEMPLATE, model) : builtIn.render(BUILT_IN, model);
        String subject = subjectOf(source(custom, own)).orElse("Please confirm: notes from ${sender.name}")
                .replace("${sender.name}", TemplateEngine.oneLine(sender.name()));
        String text = HtmlText.toText(html);
        String postal = sender.postalAddress();
        if (!html.contains(Entities.escape(postal)) && !html.contains(StringUtil.XHTMLEnc(postal))) {
            int body = HtmlScanner.bodyEnd(html);
            html = html.substring(0, body) + "<p style=\"font-size:12px;color:#666\">" + Entities.escape(sender.name()) + " &middot; "
                    + Entities.escape(postal) + "</p>" + html.substring(body);
        }
        if (!text.contains(postal)) text = text.stripTrailing() + "\n\n--\n" + sender.name() + ", " + postal + "\n";
        try {
            // Its own Message-ID per signup, so a note written twice is recognisably the same.
            String id = "<rapport.confirm." + Long.toString(signup.id(), 36) + "@" + messageDomain + ">";
            SMTPMessage message = new MessageComposer.FixedIdMessage(session, id);
            message.setFrom(from);
            String name = signup.firstName() == null ? null : TemplateEngine.oneLine(signup.firstName());
            message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(signup.email(), name, StandardCharsets.UTF_8.name()));
            message.setReplyTo(new InternetAddress[] {new InternetAddress(sender.replyTo())});
            message.setSubject(subject, StandardCharsets.UTF_8.name());
            message.setSentDate(new Date());
            MimeMultipart alternative = new MimeMultipart("alternative");
            alternative.addBodyPart(part(text, "plain"));
            alternative.addBodyPart(part(html, "html"));
            message.setContent(alternative);
            message.saveChanges();
            return message;
        } catch (MessagingException | UnsupportedEncodingException e) {
            throw new IllegalStateException("cannot build the confirmation note for " + signup.email() + ": " + e.getMessage(), e);
        }
    }

    private String source(boolean custom, Path own) {
        try {
            if (custom) return Files.readString(own, StandardCharsets.UTF_8);
            try (var in = ConfirmationNote.class.getClassLoader().getResourceAsStream("rapport/pages/" + BUILT_IN)) {
                return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MimeBodyPart part(String content, String subtype) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setText(content, StandardCharsets.UTF_8.name(), subtype);
        return part;
    }
}
