package rapport.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rapport.customer.Status;
import rapport.customer.TimelineEvent;

/**
 * Real bounce mails from the corpus (see {@code src/test/resources/bounces/README.md}) delivered to
 * the reply mailbox on a real IMAP server, each tied to a customer by the bounce address it came
 * back to (the {@code Delivered-To} a real server adds), then one real poll: who is suppressed,
 * who stays, what their timelines say, and what is left in the inbox.
 */
class BounceMailboxTest {
    @TempDir Path dir;
    private MailboxWorld world;

    @BeforeEach
    void start() {
        world = new MailboxWorld(dir);
    }

    @AfterEach
    void stop() {
        world.close();
    }

    /** A corpus sample as it reaches the mailbox of the note to {@code customer}: its bounce address as Delivered-To. */
    private static String sample(String path, long customer) {
        try (InputStream in = BounceMailboxTest.class.getResourceAsStream("/bounces/" + path)) {
            String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
            String delivered = "Delivered-To: " + InboxFixtures.LINKS.envelopeFrom(customer, InboxFixtures.RUN) + "\n";
            return (delivered + text).replace("\n", "\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> timeline(String email) {
        return world.timeline(email).stream().map(e -> e.type() + " " + e.detail()).toList();
    }

    @Test
    void aMixedHandfulOfRealBouncesSuppressOnlyTheAddressesThatAreGone() throws Exception {
        List<Long> ids = world.importCustomers(List.of("gmail@example.org", "exchange@example.org", "broken@example.org",
                "full1@example.org", "full2@example.org", "fine@example.org"));
        world.deliverText(sample("sender-side/authfailure/rhost-google-03.eml", ids.get(0)));
        world.deliverText(sample("hard/userunknown/lhost-exchange2003-01.eml", ids.get(1)));
        // The same report with its MIME boundary lost on the way: "Missing start boundary".
        world.deliverText(sample("hard/userunknown/rfc3464-26.eml", ids.get(2)).replace("boundary=\"0000000000-FFFFFFFFFexample.net\"",
                "boundary=\"never-there\""));
        // Two different bounces that share one Message-ID.
        world.deliverText(sample("mailbox-temporary/mailboxfull/lhost-biglobe-01.eml", ids.get(3)));
        world.deliverText(sample("mailbox-temporary/mailboxfull/lhost-biglobe-01.eml", ids.get(4)));
        world.deliverText(sample("success/delivered/rfc3464-28.eml", ids.get(5)));

        PollSummary summary = world.mailbox().poll();

        assertEquals(new PollSummary(0, 0, 5, 0, 0, 0), summary);
        assertEquals(Status.ACTIVE, world.customer("gmail@example.org").status(), "5.7.26 is about the sender");
        assertTrue(timeline("gmail@example.org").get(0).matches("bounce refused about the sender \\(authentication\\) 5\\.7\\.26: .*"),
                timeline("gmail@example.org").toString());
        assertEquals(Status.BOUNCED, world.customer("exchange@example.org").status(), "Exchange 2003 says it in words only");
        assertEquals(Status.BOUNCED, world.customer("broken@example.org").status(), "broken MIME is read as text");
        assertTrue(timeline("broken@example.org").get(0).startsWith("bounce permanent 5.1.1"), timeline("broken@example.org").toString());
        for (String full : List.of("full1@example.org", "full2@example.org")) {
            assertEquals(Status.ACTIVE, world.customer(full).status(), "a full mailbox is temporary");
            String said = timeline(full).get(0);
            assertTrue(said.startsWith("bounce temporary ") && said.endsWith("(mailbox full)"), said);
        }
        assertEquals(Status.ACTIVE, world.customer("fine@example.org").status());
        assertEquals(List.of(), world.timeline("fine@example.org"), "a report of success records nothing");
        assertEquals(List.of(), world.folder("INBOX"), "every one read once, then moved");
        assertEquals(6, world.folder("Processed").size());
        assertEquals(new PollSummary(0, 0, 0, 0, 0, 0), world.mailbox().poll());
    }

    @Test
    void refusalsAboutTheSenderThatPileUpPauseTheRunWithWhatToCheck() throws Exception {
        List<Long> ids = world.importCustomers(IntStream.range(0, 12).mapToObj(i -> "gmail" + i + "@example.org").toList());
        for (long id : ids) {
            world.sent(id);
            world.deliverText(sample("sender-side/authfailure/rhost-google-03.eml", id));
        }

        PollSummary summary = world.mailbox().poll();

        assertEquals(12, summary.bounces());
        assertEquals(1, summary.warnings().size(), summary.warnings().toString());
        String warning = summary.warnings().get(0);
        assertTrue(warning.startsWith("run " + InboxFixtures.RUN + ": 12 refusals about the sender (authentication: 5.7.26 "), warning);
        assertTrue(warning.contains("check your DKIM/SPF/DMARC setup"), warning);
        for (long id : ids) assertEquals(Status.ACTIVE, world.customer("gmail" + ids.indexOf(id) + "@example.org").status());
        assertEquals(warning.substring(("run " + InboxFixtures.RUN + ": ").length()), runNote());
        assertTrue(world.timeline("gmail0@example.org").stream()
                .anyMatch(e -> e.type().equals("bounce") && e.detail().startsWith("refused about the sender (authentication) 5.7.26")));
    }

    private String runNote() throws Exception {
        try (Connection c = world.db.database().dataSource().getConnection();
             PreparedStatement st = c.prepareStatement("select note from runs where id = ?")) {
            st.setString(1, InboxFixtures.RUN);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
