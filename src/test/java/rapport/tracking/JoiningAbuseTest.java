package rapport.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rapport.tracking.TrackingFixture.email;
import static rapport.tracking.TrackingFixture.text;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rapport.customer.Customer;
import rapport.customer.EmailAddresses;
import rapport.customer.Status;
import rapport.customer.TimelineEvent;
import rapport.tokens.Tokens;

/**
 * What the join form and its confirmation refuse, each over real sockets against the real store:
 * nothing is recorded or sent that should not be, and the answer never tells whether an address
 * is known.
 */
class JoiningAbuseTest {
    @TempDir Path dir;

    /** The "check your inbox" page with the address typed left out: what must be the same for everyone. */
    private static String answer(HttpResponse<byte[]> response, String email) {
        assertEquals(200, response.statusCode(), text(response));
        return text(response).replace(email, "ADDRESS");
    }

    @Test
    void theSameAddressTwiceGetsTheSameAnswerAndOneNoteAnHour() {
        try (JoinFixture f = JoinFixture.open(dir, 0)) {
            String first = answer(f.join("zoe@example.com", "Zoe"), "zoe@example.com");
            assertEquals(first, answer(f.join("zoe@example.com", "Zoe"), "zoe@example.com"));
            assertEquals(first, answer(f.join("ZOE@Example.com", "Zoe"), "ZOE@example.com"), "the same address in other letters");
            assertEquals(1, f.sentTo("zoe@example.com").size());
            assertEquals(1, f.count("select count(*) from signups"));

            f.clock.advance(Duration.ofMinutes(61));
            f.join("zoe@example.com", "Zoe");
            assertEquals(2, f.sentTo("zoe@example.com").size(), "an hour later, one more");
        }
    }

    @Test
    void anAddressThatComplainedIsNeverAddedAgainAndHearsTheSameAsAnyone() {
        try (JoinFixture f = JoinFixture.open(dir, 3)) {
            f.sql("update customers set status = 'complained' where email = ?", email(0));
            String stranger = answer(f.join("new.person@example.com", "Ann"), "new.person@example.com");
            assertEquals(stranger, answer(f.join(email(0), "Ann"), email(0)), "no address probing");
            assertEquals(stranger, answer(f.join(email(1), "Ann"), email(1)), "an active customer: the same answer");
            assertEquals(List.of(), f.sentTo(email(0)), "never a note to a complainer");
            assertEquals(List.of(), f.sentTo(email(1)), "no second welcome to a customer");
            assertEquals(0, f.count("select count(*) from signups where email_key in (?, ?)", EmailAddresses.key(email(0)),
                    EmailAddresses.key(email(1))));

            // One who joined while unsubscribed, then complained before confirming: still never added.
            f.sql("update customers set status = 'unsubscribed' where email = ?", email(2));
            f.join(email(2), "Cy");
            String link = f.confirmPath(email(2));
            f.sql("update customers set status = 'complained' where email = ?", email(2));
            HttpResponse<byte[]> refused = f.post(link, "");
            assertEquals(200, refused.statusCode());
            assertTrue(text(refused).contains("We cannot add this address"), text(refused));
            Customer c = f.customers.findByEmail(email(2)).orElseThrow();
            assertEquals(Status.COMPLAINED, c.status());
            assertTrue(f.customers.timeline(c.id()).stream().noneMatch(e -> e.type().equals("signup")));
        }
    }

    @Test
    void anAddressErasedOnRequestKeepsNoSignupAndIsNeverAddedAgain() {
        try (JoinFixture f = JoinFixture.open(dir, 0)) {
            f.join("gone@example.com", "Gus");
            assertEquals(303, f.post(f.confirmPath("gone@example.com"), "").statusCode());
            f.customers.forget(f.customers.findByEmail("gone@example.com").orElseThrow());
            assertEquals(0, f.count("select count(*) from signups"), "what the form held is erased too");

            f.clock.advance(Duration.ofHours(2));
            assertEquals(200, f.join("gone@example.com", "Gus").statusCode());
            assertEquals(1, f.sentTo("gone@example.com").size(), "no note after the erasure");
            assertEquals(0, f.count("select count(*) from signups"));
        }
    }

    @Test
    void anAddressThatUnsubscribedComesBackByItsOwnConfirmationAndItIsRecorded() {
        try (JoinFixture f = JoinFixture.open(dir, 1)) {
            f.sql("update customers set status = 'unsubscribed', stage = 'friend' where email = ?", email(0));
            f.join(email(0), "Nora");
            assertEquals(Status.UNSUBSCRIBED, f.customers.findByEmail(email(0)).orElseThrow().status(), "not before the confirmation");
            assertEquals(303, f.post(f.confirmPath(email(0)), "").statusCode());

            Customer c = f.customers.findByEmail(email(0)).orElseThrow();
            assertEquals(Status.ACTIVE, c.status());
            assertEquals("friend", c.stage(), "where they were on the ladder");
            assertEquals(List.of("pearls", "rings"), c.interests());
            List<TimelineEvent> signups = f.customers.timeline(c.id()).stream().filter(e -> e.type().equals("signup")).toList();
            assertEquals(1, signups.size());
            assertTrue(signups.get(0).detail().contains("consent given"), signups.get(0).detail());
        }
    }

    @Test
    void aBurstOfFiftySignupsFromOneClientIsHeldAfterTenAndRecordsNothingMore() {
        try (JoinFixture f = JoinFixture.open(dir, 0)) {
            int answered = 0;
            int limited = 0;
            for (int i = 0; i < 50; i++) {
                HttpResponse<byte[]> r = f.join("bot" + i + "@example.com", "Bot");
                if (r.statusCode() == 200) answered++;
                if (r.statusCode() == 429) {
                    limited++;
                    assertTrue(text(r).contains("too many attempts from here"), text(r));
                    assertEquals("600", r.headers().firstValue("Retry-After").orElseThrow());
                }
            }
            assertEquals(10, answered);
            assertEquals(40, limited);
            assertEquals(10, f.count("select count(*) from signups"));
            assertEquals(10, f.sent().size());

            f.clock.advance(Duration.ofMinutes(10));
            assertEquals(200, f.join("person@example.com", "Pat").statusCode(), "welcome again once the window has passed");
        }
    }

    @Test
    void aForgedOrAlteredConfirmationTokenChangesNothing() {
        try (JoinFixture f = JoinFixture.open(dir, 0)) {
            f.join("zoe@example.com", "Zoe");
            f.join("mallory@example.com", "Mal");
            String link = f.confirmPath("zoe@example.com");
            String token = link.substring("/confirm/".length());
            long zoe = f.count("select id from signups where email = 'zoe@example.com'");
            long mallory = f.count("select id from signups where email = 'mallory@example.com'");
            String run = token.split("\\.")[1];
            char last = token.charAt(token.length() - 1);
            List<String> forged = List.of(
                    token.substring(0, token.length() - 1) + (last == '0' ? '1' : '0'),
                    "k" + Long.toString(mallory, 36) + token.substring(token.indexOf('.')),
                    f.tokens.sign(Tokens.Purpose.CONFIRM, zoe, run, EmailAddresses.key("mallory@example.com")),
                    f.tokens.sign(Tokens.Purpose.CONFIRM, mallory, run, EmailAddresses.key("zoe@example.com")),
                    f.tokens.sign(Tokens.Purpose.PREFERENCES, zoe, run),
                    new Tokens(List.of("another-secret")).sign(Tokens.Purpose.CONFIRM, zoe, run, EmailAddresses.key("zoe@example.com")),
                    "kzzzzzzzzzzzzz.1.00000000000000000000000000000000",
                    "nonsense");
            for (String t : forged) {
                HttpResponse<byte[]> shown = f.get("/confirm/" + t);
                assertEquals(400, shown.statusCode(), t);
                assertTrue(text(shown).contains("This link does not work"), text(shown));
                assertEquals(400, f.post("/confirm/" + t, "").statusCode(), t);
            }
            assertEquals(0, f.count("select count(*) from customers"));
            assertEquals(0, f.count("select count(*) from signups where confirmed_at is not null"));
        }
    }

    @Test
    void aConfirmationAfterItsDaysHaveRunOutChangesNothingAndTheSignupIsDropped() {
        try (JoinFixture f = JoinFixture.open(dir, 0)) {
            f.join("late@example.com", "Lee");
            String link = f.confirmPath("late@example.com");
            f.clock.advance(Duration.ofDays(JoinFixture.DAYS).plusMinutes(1));

            HttpResponse<byte[]> page = f.get(link);
            assertTrue(text(page).contains("This link has expired"), text(page));
            HttpResponse<byte[]> pressed = f.post(link, "");
            assertEquals(200, pressed.statusCode());
            assertTrue(text(pressed).contains("This link has expired"), text(pressed));
            assertEquals(0, f.count("select count(*) from customers"));

            f.join("someone.else@example.com", "Sam");
            assertEquals(0, f.count("select count(*) from signups where email = 'late@example.com'"), "dropped at the next join");
            assertEquals(400, f.post(link, "").statusCode());
            assertEquals(0, f.count("select count(*) from customers"));
        }
    }

    @Test
    void aRobotThatFillsTheHiddenFieldHearsWhatAPersonHearsAndNothingIsKeptOrSent() {
        try (JoinFixture f = JoinFixture.open(dir, 0)) {
            String person = answer(f.join("person@example.com", "Pat"), "person@example.com");
            HttpResponse<byte[]> robot = f.join("first_name=Bot&email=robot%40example.com&consent=yes&website=http%3A%2F%2Fspam.example");
            assertEquals(person, answer(robot, "robot@example.com"));
            assertEquals(0, f.count("select count(*) from signups where email = 'robot@example.com'"));
            assertEquals(List.of(), f.sentTo("robot@example.com"));
        }
    }
}
