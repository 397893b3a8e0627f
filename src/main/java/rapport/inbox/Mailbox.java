package rapport.inbox;

import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.FolderClosedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.StoreClosedException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import rapport.config.RapportConfig;
import rapport.feedback.BounceReasons;
import rapport.feedback.FeedbackLog;
import rapport.feedback.MessageRef;
import rapport.feedback.Signal;

/**
 * The mailbox poll: reads every mail in {@code imap.folder}, classifies it, records what it says
 * in the {@link FeedbackLog} (one call per mail, which also remembers the mail as handled), then
 * moves it to {@code imap.processed_folder}. Mail that answers no note we sent is left exactly as
 * it was: not moved, not flagged, not even marked \Seen; when its headers already show that (no
 * report, no token, no Message-ID of ours), its body is not even fetched. Safe to kill at any
 * point: a mail recorded but not yet moved is recognised by its key next time and only moved.
 * A bounce whose MIME is broken is read as raw text. A mail that cannot be read at all is logged,
 * marked with the keyword {@link #UNREADABLE} and passed by on later polls; only a mailbox or
 * database fault stops the poll. A report of success is only moved.
 * Thread-safe: each
 * {@link #poll()} opens its own IMAP session (the scheduler never runs two at once anyway).
 */
public final class Mailbox {
    private static final Logger LOG = LoggerFactory.getLogger(Mailbox.class);
    /** Mails whose envelope and headers are fetched per round trip, and moved per command. */
    static final int BATCH = 100;
    /** The IMAP keyword on a mail no poll could read (it stays in the inbox for a person). */
    static final String UNREADABLE = "$RapportUnreadable";

    private final RapportConfig.Imap imap;
    private final MailClassifier classifier;
    private final FeedbackLog log;
    private final Clock clock;
    private final int batch;
    private final boolean useMove;

    public Mailbox(RapportConfig.Imap imap, MailClassifier classifier, FeedbackLog log, Clock clock) {
        this(imap, classifier, log, clock, BATCH, true);
    }

    /**
     * For tests: a smaller batch crosses batch boundaries without a hundred mails, and
     * {@code useMove = false} takes the copy, flag and expunge path of servers without MOVE.
     */
    Mailbox(RapportConfig.Imap imap, MailClassifier classifier, FeedbackLog log, Clock clock, int batch, boolean useMove) {
        this.imap = imap;
        this.classifier = classifier;
        this.log = log;
        this.clock = clock;
        this.batch = batch;
        this.useMove = useMove;
    }

    /** Reads the mailbox once. Throws {@link InboxException} when the mailbox cannot be read. */
    public PollSummary poll() {
        Counts counts = new Counts();
        try (ImapConnection connection = ImapConnection.open(imap)) {
            IMAPFolder inbox = connection.openInbox();
            IMAPFolder processed = connection.processedFolder();
            boolean canMove = useMove && connection.has("MOVE");
            boolean uidExpunge = connection.has("UIDPLUS");
            try {
                Message[] all = inbox.getMessages();
                FetchProfile profile = new FetchProfile();
                profile.add(FetchProfile.Item.ENVELOPE);
                profile.add(FetchProfile.Item.FLAGS);
                profile.add(IMAPFolder.FetchProfileItem.HEADERS);
                for (int from = 0; from < all.length; from += batch) {
                    Message[] some = Arrays.copyOfRange(all, from, Math.min(all.length, from + batch));
                    inbox.fetch(some, profile);
                    List<Message> handled = new ArrayList<>();
                    for (Message mail : some) {
                        if (!mail.isExpunged() && handle((IMAPMessage) mail, inbox, counts)) handled.add(mail);
                    }
                    // Moved batch by batch, after recording: a poll killed in between only moves them next time.
                    move(inbox, processed, handled, canMove, uidExpunge);
                }
                inbox.close(false);
                counts.warnings.addAll(RefusalPause.pauseWherePiledUp(log, counts.refusals));
            } catch (MessagingException e) {
                throw connection.failed("cannot read the folder \"" + imap.folder() + "\"", e);
            }
        }
        return counts.summary();
    }

    /** Classifies and records one mail; whether it is to be moved to the processed folder. */
    private boolean handle(IMAPMessage mail, IMAPFolder inbox, Counts counts) throws MessagingException {
        mail.setPeek(true);
        if (mail.getFlags().contains(UNREADABLE)) {
            counts.ignored++;
            return false;
        }
        Inbound inbound;
        String key;
        try {
            Optional<Inbound.Unrelated> unrelated = classifier.screen(mail);
            if (unrelated.isPresent()) {
                LOG.debug("left in the mailbox: {}: {}", describe(mail), unrelated.get().why());
                counts.ignored++;
                return false;
            }
            // The whole mail, parsed here: one round trip, and no reliance on the server's own
            // MIME parsing (BODYSTRUCTURE), which some servers get wrong for odd or broken mail.
            MimeMessage local = local(mail);
            Date received = mail.getReceivedDate();
            inbound = classifier.classify(local, received == null ? clock.instant() : received.toInstant());
            key = classifier.key(local);
        } catch (MessagingException | IOException | RuntimeException e) {
            if (lostConnection(e, inbox)) throw asMessaging(e);
            LOG.warn("left in the mailbox, unreadable, and marked {} so later polls pass it by: {} ({})", UNREADABLE, describe(mail),
                    ImapConnection.reason(e));
            markUnreadable(mail);
            counts.ignored++;
            return false;
        }
        if (inbound instanceof Inbound.Unrelated unrelated) {
            LOG.debug("left in the mailbox: {}: {}", describe(mail), unrelated.why());
            counts.ignored++;
            return false;
        }
        Optional<MessageRef> note = resolve(inbound);
        if (note.isEmpty()) {
            LOG.debug("left in the mailbox: {}: it refers to no message Rapport sent", describe(mail));
            counts.ignored++;
            return false;
        }
        // A mail an earlier poll recorded (then died, or ran beside this one) is only moved.
        List<Signal> signals = inbound instanceof Inbound.Delivered ? List.of() : List.of(signal(inbound, note.get(), key));
        FeedbackLog.InboundRecording recording = log.recordInbound(key, outcome(inbound), signals);
        if (recording == FeedbackLog.InboundRecording.RECORDED) {
            counts.count(inbound);
            if (inbound instanceof Inbound.Bounce b && b.verdict() == BounceReasons.Verdict.SENDER) counts.refused(note.get().run(), b);
        }
        return true;
    }

    /** The note a mail answers: its verified token, else the first of its Message-IDs Rapport really sent. */
    private Optional<MessageRef> resolve(Inbound inbound) {
        Inbound.Match match = match(inbound);
        if (match == null) return Optional.empty();
        if (match.token().isPresent()) return match.token();
        for (String id : match.messageIds()) {
            Optional<MessageRef> sent = log.sentMessage(id);
            if (sent.isPresent()) return sent;
        }
        return Optional.empty();
    }

    static Signal signal(Inbound inbound, MessageRef note, String key) {
        if (inbound instanceof Inbound.Reply r) return new Signal.Reply(note, r.at(), key, r.from(), r.subject(), r.snippet());
        if (inbound instanceof Inbound.AutoReply a) return new Signal.AutoReply(note, a.at(), key, a.from(), a.subject());
        if (inbound instanceof Inbound.Bounce b) {
            return new Signal.Bounce(note, b.at(), b.verdict(), b.reason().name(), b.reason().topic(), b.status(), b.diagnostic());
        }
        if (inbound instanceof Inbound.Complaint c) return new Signal.Complaint(note, c.at(), c.feedbackType());
        if (inbound instanceof Inbound.Unsubscribe u) return new Signal.Unsubscribe(note, u.at(), "mailto");
        throw new IllegalArgumentException("unrelated mail has no signal: " + inbound);
    }

    static Inbound.Match match(Inbound inbound) {
        if (inbound instanceof Inbound.Reply r) return r.match();
        if (inbound instanceof Inbound.AutoReply a) return a.match();
        if (inbound instanceof Inbound.Bounce b) return b.match();
        if (inbound instanceof Inbound.Complaint c) return c.match();
        if (inbound instanceof Inbound.Unsubscribe u) return u.match();
        if (inbound instanceof Inbound.Delivered d) return d.match();
        return null;
    }

    /** The outcome remembered with the handled mail (at most 20 characters, as the store keeps it). */
    static String outcome(Inbound inbound) {
        if (inbound instanceof Inbound.Reply) return "reply";
        if (inbound instanceof Inbound.AutoReply) return "auto-reply";
        if (inbound instanceof Inbound.Bounce b) {
            return switch (b.verdict()) {
                case HARD -> "bounce";
                case SENDER -> "sender-refusal";
                default -> "soft-bounce";
            };
        }
        if (inbound instanceof Inbound.Complaint) return "complaint";
        if (inbound instanceof Inbound.Unsubscribe) return "unsubscribe";
        if (inbound instanceof Inbound.Delivered) return "delivered-report";
        return "unrelated";
    }

    private static void move(IMAPFolder inbox, IMAPFolder processed, List<Message> mails, boolean canMove, boolean uidExpunge)
            throws MessagingException {
        if (mails.isEmpty()) return;
        Message[] some = mails.toArray(Message[]::new);
        if (canMove) {
            inbox.moveMessages(some, processed);
            return;
        }
        inbox.copyMessages(some, processed);
        inbox.setFlags(some, new Flags(Flags.Flag.DELETED), true);
        // UID EXPUNGE removes only these; a plain EXPUNGE would also remove what a person marked
        // deleted, so it is the last resort of servers without UIDPLUS.
        if (uidExpunge) inbox.expunge(some);
        else inbox.expunge();
    }

    /** Marks a mail no poll can read, so it is not fetched and parsed again on every poll; a person still sees it. */
    private static void markUnreadable(IMAPMessage mail) {
        try {
            mail.setFlags(new Flags(UNREADABLE), true);
        } catch (MessagingException | RuntimeException e) {
            LOG.warn("cannot mark {} as {}: {}", describe(mail), UNREADABLE, ImapConnection.reason(e));
        }
    }

    private static MimeMessage local(IMAPMessage mail) throws MessagingException, IOException {
        try (InputStream in = mail.getMimeStream()) {
            return new MimeMessage(null, in);
        }
    }

    private static boolean lostConnection(Exception e, IMAPFolder inbox) {
        return e instanceof FolderClosedException || e instanceof StoreClosedException || !inbox.isOpen();
    }

    private static MessagingException asMessaging(Exception e) {
        return e instanceof MessagingException m ? m : new MessagingException(e.getMessage(), e);
    }

    /** Names a mail in a log line: its number, sender, subject and Message-ID, whatever of them can be read. */
    private static String describe(IMAPMessage mail) {
        StringBuilder s = new StringBuilder("mail #").append(mail.getMessageNumber());
        try {
            String[] from = mail.getHeader("From");
            if (from != null) s.append(" from ").append(from[0]);
            if (mail.getSubject() != null) s.append(" \"").append(mail.getSubject()).append('"');
            if (mail.getMessageID() != null) s.append(' ').append(mail.getMessageID());
        } catch (MessagingException | RuntimeException e) {
            // the number alone still names it
        }
        return s.toString().replaceAll("[\\r\\n\\t]+", " ");
    }

    /** Tallies of one poll. */
    private static final class Counts {
        int replies;
        int autoReplies;
        int bounces;
        int complaints;
        int unsubscribes;
        int ignored;
        final Map<String, List<Inbound.Bounce>> refusals = new java.util.TreeMap<>();
        final List<String> warnings = new ArrayList<>();

        void refused(String run, Inbound.Bounce bounce) {
            refusals.computeIfAbsent(run, r -> new ArrayList<>()).add(bounce);
        }

        void count(Inbound inbound) {
            if (inbound instanceof Inbound.Reply) replies++;
            else if (inbound instanceof Inbound.AutoReply) autoReplies++;
            else if (inbound instanceof Inbound.Bounce) bounces++;
            else if (inbound instanceof Inbound.Complaint) complaints++;
            else if (inbound instanceof Inbound.Unsubscribe) unsubscribes++;
            else if (!(inbound instanceof Inbound.Delivered)) ignored++; // a success report is only moved
        }

        PollSummary summary() {
            return new PollSummary(replies, autoReplies, bounces, complaints, unsubscribes, ignored, warnings);
        }
    }
}
