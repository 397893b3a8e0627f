package rapport.doctor;

import rapport.config.Reasons;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.util.Optional;
import java.util.Properties;
import rapport.config.RapportConfig;

/**
 * The reply mailbox the poll reads: login, the folder mail arrives in, and the folder handled
 * mail moves to. That one is made when missing, as the first poll would make it, so a doctor run
 * finds out whether the server lets it. Without an {@code imap} section nothing comes back:
 * replies go unread and bounces and complaints unrecorded, so the rates below cannot see them.
 */
final class ImapCheck extends OneLine {
    static final String NAME = "imap";
    private static final int MAX_WAIT_SECONDS = 10;
    private final Optional<RapportConfig.Imap> imap;

    ImapCheck(Optional<RapportConfig.Imap> imap) {
        super(NAME);
        this.imap = imap;
    }

    @Override
    Finding check() {
        if (imap.isEmpty()) {
            return Finding.warning(NAME, "no imap section: replies go unread, and bounces and complaints are never"
                    + " recorded", "add an imap section for the mailbox of sender.reply_to (README, \"Listening back\")");
        }
        return check(imap.get());
    }

    private static Finding check(RapportConfig.Imap imap) {
        String where = imap.username() + " at " + imap.host() + ":" + imap.port();
        String protocol = imap.tls() == RapportConfig.Tls.SSL ? "imaps" : "imap";
        Store store;
        try {
            store = Session.getInstance(properties(imap, protocol)).getStore(protocol);
        } catch (MessagingException e) {
            throw new IllegalStateException("Jakarta Mail has no " + protocol + " store", e);
        }
        try {
            store.connect(imap.host(), imap.port(), imap.username(), imap.password());
        } catch (AuthenticationFailedException e) {
            return Finding.problem(NAME, imap.host() + ":" + imap.port() + " refused the login of " + imap.username() + ": "
                    + Reasons.of(e), "correct imap.username and imap.password");
        } catch (MessagingException e) {
            return Finding.problem(NAME, "cannot connect to " + imap.host() + ":" + imap.port() + ": " + Reasons.of(e),
                    "start the mail server, or correct imap.host, imap.port and imap.tls");
        }
        try {
            if (!store.getFolder(imap.folder()).exists()) {
                return Finding.problem(NAME, "the mailbox " + where + " has no folder \"" + imap.folder() + "\"",
                        "set imap.folder to the folder replies arrive in (usually INBOX)");
            }
            Folder processed = store.getFolder(imap.processedFolder());
            String made = "";
            if (!processed.exists()) {
                if (!processed.create(Folder.HOLDS_MESSAGES)) {
                    return Finding.problem(NAME, "the mailbox " + where + " would not make the folder \"" + imap.processedFolder() + "\"",
                            "make the folder in a mail client, or set imap.processed_folder to one that exists");
                }
                made = " (made just now)";
            }
            return Finding.ok(NAME, "logged in as " + where + "; \"" + imap.folder() + "\" is there, and handled mail moves to \""
                    + imap.processedFolder() + "\"" + made);
        } catch (MessagingException e) {
            return Finding.problem(NAME, "the mailbox " + where + " broke off: " + Reasons.of(e),
                    "look at the mail server's log for why it dropped the connection");
        } finally {
            close(store);
        }
    }

    private static Properties properties(RapportConfig.Imap imap, String protocol) {
        String prefix = "mail." + protocol + ".";
        String wait = String.valueOf(Math.min(imap.timeoutSeconds(), MAX_WAIT_SECONDS) * 1000L);
        Properties p = new Properties();
        p.put(prefix + "connectiontimeout", wait);
        p.put(prefix + "timeout", wait);
        p.put(prefix + "writetimeout", wait);
        if (imap.tls() == RapportConfig.Tls.STARTTLS) {
            p.put(prefix + "starttls.enable", "true");
            p.put(prefix + "starttls.required", "true");
        }
        if (imap.tls() != RapportConfig.Tls.NONE) p.put(prefix + "ssl.checkserveridentity", "true");
        return p;
    }

    private static void close(Store store) {
        try {
            store.close();
        } catch (MessagingException e) {
            // the server may already have hung up
        }
    }
}
