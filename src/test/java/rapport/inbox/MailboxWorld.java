package rapport.inbox;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import rapport.TestWorkspace;
import rapport.config.RapportConfig;
import rapport.customer.Customer;
import rapport.customer.CustomerImport;
import rapport.customer.ImportReport;
import rapport.customer.TimelineEvent;
import rapport.store.CustomerStore;
import rapport.store.FeedbackStore;
import rapport.store.TestDatabases;

/**
 * A reply mailbox on a real IMAP server (GreenMail on loopback, dynamic ports) and a real H2
 * database with customers in it, wired to a {@link Mailbox} as the CLI wires it. Not thread-safe.
 */
final class MailboxWorld implements AutoCloseable {
    static final String PASSWORD = "mailbox-secret";
    static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    final GreenMail greenMail;
    final GreenMailUser user;
    final TestDatabases.TestDb db;
    final CustomerStore customers;
    final FeedbackStore feedback;
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    MailboxWorld(Path dir) {
        greenMail = new GreenMail(new ServerSetup[] {
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort(),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort()});
        greenMail.start();
        user = greenMail.setUser(InboxFixtures.REPLY_TO, InboxFixtures.REPLY_TO, PASSWORD);
        db = TestDatabases.open(TestDatabases.Kind.H2, dir);
        customers = new CustomerStore(db.database(), clock);
        feedback = new FeedbackStore(db.database(), clock);
    }

    RapportConfig.Imap imap() {
        return imap(greenMail.getImap().getPort(), PASSWORD);
    }

    RapportConfig.Imap imap(int port, String password) {
        return TestWorkspace.sample().imap("127.0.0.1", port, InboxFixtures.REPLY_TO, password).imapTimeoutSeconds(3)
                .config().imap().orElseThrow();
    }

    Mailbox mailbox() {
        return new Mailbox(imap(), new MailClassifier(InboxFixtures.TOKENS, InboxFixtures.REPLY_TO), feedback, clock);
    }

    /** Imports one active customer per address; returns their ids in the same order. */
    List<Long> importCustomers(List<String> emails) throws IOException {
        StringBuilder csv = new StringBuilder("email,first_name,stage,joined_at\n");
        for (String email : emails) csv.append(email).append(",Friend,acquaintance,2026-01-15\n");
        CustomerImport importer = new CustomerImport(customers, List.of("new", "acquaintance", "friend", "partner"),
                ZoneId.of("America/New_York"), LocalDate.of(2026, 11, 1));
        ImportReport report = importer.run("customers.csv", new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)), false);
        if (!report.rejected().isEmpty()) throw new IllegalStateException("rejected: " + report.rejected());
        List<Long> ids = new ArrayList<>();
        for (String email : emails) ids.add(customer(email).id());
        return ids;
    }

    Customer customer(String email) {
        return customers.findByEmail(email).orElseThrow();
    }

    List<TimelineEvent> timeline(String email) {
        return customers.timeline(customer(email).id());
    }

    /** The ledger row a send leaves for a note that went out: what {@code sentMessage} looks up. */
    void sent(long customerId) throws SQLException {
        Instant at = Instant.parse("2026-11-24T14:00:04Z");
        try (Connection c = db.database().dataSource().getConnection()) {
            try (PreparedStatement st = c.prepareStatement("merge into runs (id, as_of, state, started_at) key (id) values (?, ?, 'finished', ?)")) {
                st.setString(1, InboxFixtures.RUN);
                st.setObject(2, at.atOffset(ZoneOffset.UTC));
                st.setObject(3, at.atOffset(ZoneOffset.UTC));
                st.executeUpdate();
            }
            try (PreparedStatement st = c.prepareStatement("insert into deliveries (run_id, customer_id, piece, state, attempts, message_id, sent_at)"
                    + " values (?, ?, 'silver-care', 'sent', 1, ?, ?)")) {
                st.setString(1, InboxFixtures.RUN);
                st.setLong(2, customerId);
                st.setString(3, InboxFixtures.messageId(customerId));
                st.setObject(4, at.atOffset(ZoneOffset.UTC));
                st.executeUpdate();
            }
        }
    }

    void deliver(String fixture, long customer) {
        user.deliver(InboxFixtures.load(fixture, customer));
    }

    void deliverText(String text) {
        user.deliver(InboxFixtures.parse(text));
    }

    /** What a person's mail client shows in a folder: each mail's Message-ID (or subject) and whether it was read. */
    List<Seen> folder(String name) throws MessagingException {
        Properties p = new Properties();
        p.put("mail.imap.peek", "true");
        Store store = Session.getInstance(p).getStore("imap");
        store.connect("127.0.0.1", greenMail.getImap().getPort(), InboxFixtures.REPLY_TO, PASSWORD);
        try {
            Folder folder = store.getFolder(name);
            if (!folder.exists()) return List.of();
            folder.open(Folder.READ_ONLY);
            List<Seen> mails = new ArrayList<>();
            for (Message m : folder.getMessages()) {
                mails.add(new Seen(m.getSubject(), m.isSet(Flags.Flag.SEEN), m.isSet(Flags.Flag.DELETED)));
            }
            folder.close(false);
            return mails;
        } finally {
            store.close();
        }
    }

    /** The IMAP keywords (user flags) on the mails of a folder, in order. */
    List<String> keywords(String name) throws MessagingException {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", greenMail.getImap().getPort(), InboxFixtures.REPLY_TO, PASSWORD);
        try {
            Folder folder = store.getFolder(name);
            folder.open(Folder.READ_ONLY);
            List<String> keywords = new ArrayList<>();
            for (Message m : folder.getMessages()) keywords.addAll(List.of(m.getFlags().getUserFlags()));
            folder.close(false);
            return keywords;
        } finally {
            store.close();
        }
    }

    /** What a person does in their mail client: marks a mail deleted without expunging it. */
    void markDeleted(String subject) throws MessagingException {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", greenMail.getImap().getPort(), InboxFixtures.REPLY_TO, PASSWORD);
        try {
            Folder folder = store.getFolder("INBOX");
            folder.open(Folder.READ_WRITE);
            for (Message m : folder.getMessages()) {
                if (subject.equals(m.getSubject())) m.setFlag(Flags.Flag.DELETED, true);
            }
            folder.close(false);
        } finally {
            store.close();
        }
    }

    record Seen(String subject, boolean seen, boolean deleted) {}

    @Override
    public void close() {
        db.close();
        greenMail.stop();
    }
}
