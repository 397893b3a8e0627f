package rapport.inbox;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.util.Properties;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import rapport.config.RapportConfig;

/**
 * One IMAP session to the reply mailbox, set up as the poll needs it: TLS as configured, every
 * timeout set (a silent server must never hang a scheduled poll), and PEEK on every fetch so
 * that reading a mail never marks it \Seen. Not thread-safe; one per poll.
 */
final class ImapConnection implements AutoCloseable {
    private final RapportConfig.Imap imap;
    private final IMAPStore store;

    private ImapConnection(RapportConfig.Imap imap, IMAPStore store) {
        this.imap = imap;
        this.store = store;
    }

    static ImapConnection open(RapportConfig.Imap imap) {
        String protocol = imap.tls() == RapportConfig.Tls.SSL ? "imaps" : "imap";
        String prefix = "mail." + protocol + ".";
        String timeout = String.valueOf(Math.max(1, imap.timeoutSeconds()) * 1000L);
        Properties p = new Properties();
        p.put("mail.store.protocol", protocol);
        p.put(prefix + "host", imap.host());
        p.put(prefix + "port", String.valueOf(imap.port()));
        p.put(prefix + "connectiontimeout", timeout);
        p.put(prefix + "timeout", timeout);
        p.put(prefix + "writetimeout", timeout);
        p.put(prefix + "peek", "true");
        if (imap.tls() == RapportConfig.Tls.STARTTLS) {
            p.put(prefix + "starttls.enable", "true");
            p.put(prefix + "starttls.required", "true");
        }
        if (imap.tls() != RapportConfig.Tls.NONE) p.put(prefix + "ssl.checkserveridentity", "true");
        try {
            Store store = Session.getInstance(p).getStore(protocol);
            store.connect(imap.host(), imap.port(), imap.username(), imap.password());
            return new ImapConnection(imap, (IMAPStore) store);
        } catch (AuthenticationFailedException e) {
            throw new InboxException("cannot read the mailbox " + where(imap) + ": the server refused the login of "
                    + imap.username() + " (" + reason(e) + ")", e);
        } catch (MessagingException e) {
            throw new InboxException("cannot read the mailbox " + where(imap) + ": " + reason(e), e);
        }
    }

    /** The folder mail arrives in, opened for reading and moving. */
    IMAPFolder openInbox() {
        try {
            Folder folder = store.getFolder(imap.folder());
            if (!folder.exists()) throw new InboxException("the mailbox " + where(imap) + " has no folder \"" + imap.folder() + "\"", null);
            folder.open(Folder.READ_WRITE);
            return (IMAPFolder) folder;
        } catch (MessagingException e) {
            throw failed("cannot open the folder \"" + imap.folder() + "\"", e);
        }
    }

    /** The folder handled mail moves to, made on first use. */
    IMAPFolder processedFolder() {
        try {
            Folder folder = store.getFolder(imap.processedFolder());
            if (!folder.exists()) {
                if (!folder.create(Folder.HOLDS_MESSAGES)) throw new MessagingException("the server did not create it");
                // Subscribed, so that a person's mail client shows it too.
                try {
                    folder.setSubscribed(true);
                } catch (MessagingException e) {
                    // not every server keeps subscriptions; the folder works without
                }
            }
            return (IMAPFolder) folder;
        } catch (MessagingException e) {
            throw failed("cannot make the folder \"" + imap.processedFolder() + "\"", e);
        }
    }

    /** Whether the server has this capability: MOVE (RFC 6851) moves in one step; UIDPLUS expunges only given mail. */
    boolean has(String capability) {
        try {
            return store.hasCapability(capability);
        } catch (MessagingException e) {
            return false;
        }
    }

    InboxException failed(String what, Exception e) {
        return new InboxException(what + " in the mailbox " + where(imap) + ": " + reason(e), e);
    }

    static String where(RapportConfig.Imap imap) {
        return imap.username() + " at " + imap.host() + ":" + imap.port();
    }

    /** The deepest message: "Connection refused" says more than "Couldn't connect to host". */
    static String reason(Exception e) {
        return rapport.config.Reasons.of(e);
    }

    @Override
    public void close() {
        try {
            store.close();
        } catch (MessagingException e) {
            // closing after a poll: the server may already have hung up, which changes nothing
        }
    }
}
