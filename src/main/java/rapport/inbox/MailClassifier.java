package rapport.inbox;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import rapport.feedback.BounceReasons;
import rapport.feedback.MessageRef;
import rapport.inbox.Inbound.Match;
import rapport.tokens.Tokens.Purpose;
import rapport.tokens.Tokens;

/**
 * Says what one mail in the reply mailbox is, from the mail alone: no clock, no database, no
 * network. In this order: an abuse report (ARF), a bounce (DSN, or a plain-text bounce to the
 * bounce address), an automatic answer, a mailto unsubscribe, a reply; whatever matches no note
 * we sent is {@link Inbound.Unrelated}. A token counts only when it verifies for the purpose its
 * place calls for (b-tokens in bounces and reports; in the recipients, r-tokens for replies,
 * u-tokens for unsubscribes, r- or b-tokens for automatic answers, since responders write to the
 * Reply-To or to the envelope sender); a forged or misplaced one is ignored and the mail may
 * still match by Message-ID. Thread-safe: it holds only immutable state.
 */
public final class MailClassifier {
    private static final int MAX_FIELD = 300;
    private static final int MAX_KEY = 250;
    /** Hex digits of the digest after a Message-ID: 128 bits tell two mails apart. */
    private static final int KEY_DIGEST = 32;

    private final Clues clues;

    private final BounceReasons reasons;

    public MailClassifier(Tokens tokens, String replyToAddress) {
        this(tokens, replyToAddress, BounceReasons.standard());
    }

    public MailClassifier(Tokens tokens, String replyToAddress, BounceReasons reasons) {
        this.clues = new Clues(tokens, replyToAddress);
        this.reasons = reasons;
    }

    /** As {@link #classify(MimeMessage, Instant)}; a mail with neither Date nor received date is dated at the epoch. */
    public Inbound classify(MimeMessage mail) throws MessagingException {
        return classify(mail, Instant.EPOCH);
    }

    /**
     * What this mail is. Its time is its Date header, else the date the server received it, else
     * {@code fallback}. Throws when the mail cannot be read at all (broken MIME).
     */
    public Inbound classify(MimeMessage mail, Instant fallback) throws MessagingException {
        try {
            return classifyParts(mail, at(mail, fallback));
        } catch (IOException e) {
            throw new MessagingException("unreadable mail: " + e.getMessage(), e);
        }
    }

    /**
     * Whether the headers alone show that a mail answers no note of ours, so its body need not be
     * fetched: it is no multipart/report, no recipient address carries a token that verifies, and
     * it refers to no Message-ID shaped like ours. Reads only headers (never the body), so an IMAP
     * message with its headers fetched costs no further round trip. Empty means "classify it".
     */
    public Optional<Inbound.Unrelated> screen(MimeMessage mail) throws MessagingException {
        if (Reports.isReport(mail, null)) return Optional.empty();
        List<String> recipients = Clues.headers(mail, Clues.RECIPIENT_HEADERS);
        if (clues.token(recipients, Purpose.REPLY, Purpose.UNSUBSCRIBE, Purpose.BOUNCE).isPresent()) return Optional.empty();
        if (!Clues.messageIds(Clues.headers(mail, Clues.THREAD_HEADERS)).isEmpty()) return Optional.empty();
        return Optional.of(new Inbound.Unrelated("neither addressed with a token nor answering a note we sent"));
    }

    /**
     * The mail's identity for idempotency: its Message-ID and a digest of the whole mail as
     * stored, so two different mails that share one Message-ID (a bounce quoting ours, a careless
     * sender) are two mails, and the same stored mail has the same key on every poll. Without a
     * Message-ID (or with one too long to store), {@code sha256:} and the digest alone.
     */
    public String key(MimeMessage mail) throws MessagingException {
        String digest = digest(mail);
        String id = mail.getMessageID();
        if (id != null) {
            id = MimeUtility.unfold(id).trim();
            if (!id.isEmpty() && id.length() + 1 + KEY_DIGEST <= MAX_KEY) return id + "#" + digest.substring(0, KEY_DIGEST);
        }
        return "sha256:" + digest;
    }

    private static String digest(MimeMessage mail) throws MessagingException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (java.io.OutputStream out = new java.security.DigestOutputStream(java.io.OutputStream.nullOutputStream(), sha)) {
                mail.writeTo(out);
            } catch (IOException | MessagingException e) {
                // A mail that cannot be written out whole is known by its header lines.
                sha.reset();
                for (String line : Collections.list(mail.getAllHeaderLines())) {
                    sha.update(MimeUtility.unfold(line).getBytes(StandardCharsets.UTF_8));
                    sha.update((byte) '\n');
                }
            }
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private Inbound classifyParts(MimeMessage mail, Instant at) throws MessagingException, IOException {
        String subject = oneLine(Optional.ofNullable(mail.getSubject()).orElse(""));
        String from = from(mail);
        List<String> recipients = Clues.headers(mail, Clues.RECIPIENT_HEADERS);
        List<String> thread = Clues.headers(mail, Clues.THREAD_HEADERS);

        if (Reports.isReport(mail, "feedback-report")) return complaint(mail, at);
        if (Reports.isReport(mail, "delivery-status")) return bounce(mail, at, recipients, thread);

        boolean toUnsubscribe = clues.has(recipients, Purpose.UNSUBSCRIBE);
        Optional<MessageRef> bounceToken = clues.token(recipients, Purpose.BOUNCE);
        // A report of another type (or none) that came back to the bounce address is read as text.
        if (bounceToken.isPresent() && (Bounces.looksLikeBounce(from, subject) || Reports.isReport(mail, null))) {
            return bounce(mail, at, recipients, thread);
        }
        // A mail client's unsubscribe button may mark its mail as automatic; no responder ever
        // writes to the List-Unsubscribe address, so that address decides before the markers do.
        if (!toUnsubscribe && AutoReplies.isAutomatic(mail, subject)) {
            Optional<Match> match = match(clues.token(recipients, Purpose.REPLY, Purpose.BOUNCE), Clues.messageIds(thread));
            if (match.isEmpty()) return new Inbound.Unrelated("an automatic mail that answers no note we sent: " + subject);
            return new Inbound.AutoReply(match.get(), at, key(mail), from, subject);
        }
        if (toUnsubscribe) {
            return new Inbound.Unsubscribe(match(clues.token(recipients, Purpose.UNSUBSCRIBE), List.of()).orElseThrow(), at);
        }
        Optional<Match> match = match(clues.token(recipients, Purpose.REPLY), Clues.messageIds(thread));
        if (match.isEmpty()) return new Inbound.Unrelated("not addressed to a reply address and answering no note we sent: " + subject);
        return new Inbound.Reply(match.get(), at, key(mail), from, subject, Snippets.of(mail));
    }

    private Inbound complaint(MimeMessage mail, Instant at) throws MessagingException, IOException {
        Optional<Reports.Feedback> report = Reports.feedback(mail);
        if (report.isEmpty()) return new Inbound.Unrelated("a feedback report without its message/feedback-report part");
        String type = Reports.first(report.get().fields(), "Feedback-Type").toLowerCase(java.util.Locale.ROOT);
        // "not-spam" is the opposite of a complaint, "auth-failure" a DMARC matter: neither is the person's.
        if (type.equals("not-spam") || type.equals("auth-failure")) return new Inbound.Unrelated("a feedback report of type " + type);
        List<String> sources = new ArrayList<>(Clues.headers(report.get().fields(), "Original-Mail-From", "Original-Rcpt-To"));
        List<String> ids = new ArrayList<>();
        if (report.get().returned().isPresent()) {
            MimeMessage returned = report.get().returned().get();
            sources.addAll(Clues.headers(returned, "Return-Path", "Original-Mail-From"));
            ids.addAll(Clues.headers(returned, "Message-ID"));
        }
        Optional<Match> match = match(clues.token(sources, Purpose.BOUNCE), Clues.messageIds(ids));
        if (match.isEmpty()) return new Inbound.Unrelated("a feedback report about a message we did not send");
        return new Inbound.Complaint(match.get(), at, type.isEmpty() ? "abuse" : type);
    }

    /**
     * A bounce of any shape: a DSN, a report without its delivery-status part, a plain-text
     * bounce, or one whose MIME is broken. It is tied to the note by the bounce token of the
     * address it came back to, else by the Message-ID of the returned copy.
     */
    private Inbound bounce(MimeMessage mail, Instant at, List<String> recipients, List<String> thread) throws MessagingException {
        BounceReader.Reading reading = BounceReader.read(mail);
        List<String> ids = new ArrayList<>(reading.ids());
        ids.addAll(thread);
        Optional<Match> match = match(clues.token(Clues.concat(recipients, reading.sources()), Purpose.BOUNCE), Clues.messageIds(ids));
        if (match.isEmpty()) return new Inbound.Unrelated("a delivery report about a message we did not send");
        BounceReader.Finding found = BounceReader.judge(reading, reasons);
        if (found.verdict() == BounceReasons.Verdict.DELIVERED) return new Inbound.Delivered(match.get(), at, key(mail));
        return new Inbound.Bounce(match.get(), at, found.reason(), found.verdict(), found.status(), found.diagnostic());
    }

    private static Optional<Match> match(Optional<MessageRef> token, List<String> ids) {
        if (token.isEmpty() && ids.isEmpty()) return Optional.empty();
        return Optional.of(new Match(token, ids));
    }

    private static Instant at(MimeMessage mail, Instant fallback) throws MessagingException {
        Date date;
        try {
            date = mail.getSentDate();
        } catch (MessagingException | RuntimeException e) {
            date = null; // an unparseable Date header is no reason to lose the mail
        }
        if (date == null) date = mail.getReceivedDate();
        return date == null ? fallback : date.toInstant();
    }

    /** "Name <address>" as the person wrote it, decoded, on one line; the raw header when it does not parse. */
    private static String from(MimeMessage mail) throws MessagingException {
        try {
            Address[] from = mail.getFrom();
            if (from != null && from.length > 0) {
                if (!(from[0] instanceof InternetAddress ia)) return oneLine(from[0].toString());
                // For a person to read, not a header to send: the name as written, unquoted.
                String name = ia.getPersonal();
                return oneLine(name == null || name.isBlank() ? ia.getAddress() : name + " <" + ia.getAddress() + ">");
            }
        } catch (MessagingException e) {
            // fall through to the raw header: a malformed From still names the sender for a person
        }
        String[] raw = mail.getHeader("From");
        if (raw == null || raw.length == 0) return "";
        try {
            return oneLine(MimeUtility.decodeText(MimeUtility.unfold(raw[0])));
        } catch (UnsupportedEncodingException e) {
            return oneLine(raw[0]);
        }
    }

    /** No CR or LF ever reaches a stored field that may be shown or put in a header again. */
    private static String oneLine(String value) {
        String v = value.replaceAll("[\\r\\n\\t]+", " ").replaceAll(" {2,}", " ").trim();
        return v.length() <= MAX_FIELD ? v : v.substring(0, MAX_FIELD - 1) + "…";
    }
}
