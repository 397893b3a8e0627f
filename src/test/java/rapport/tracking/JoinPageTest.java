package rapport.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rapport.tracking.TrackingFixture.text;

import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rapport.club.Consent;
import rapport.customer.Customer;
import rapport.customer.Status;
import rapport.customer.TimelineEvent;

/** Joining from the website over real sockets: the page, the form, the confirmation note, and only the POST of its link making a customer. */
class JoinPageTest {
    @TempDir Path dir;

    @Test
    void theJoinPageSpeaksForTheShopOffersItsInterestsShowsTheConsentAndHidesTheHoneypot() {
        try (JoinFixture f = JoinFixture.open(dir, 0)) {
            HttpResponse<byte[]> page = f.get("/join");
            assertEquals(200, page.statusCode());
            String html = text(page);
            assertTrue(html.contains("Hear from Pano at Kosmima"), html);
            for (String interest : JoinFixture.OFFERED) assertTrue(html.contains("value=\"" + interest + "\""), interest);
            assertTrue(html.contains(Consent.wording("Pano at Kosmima").replace("'", "&#39;")), html);
            assertTrue(html.contains("name=\"website\" value=\"\" autocomplete=\"off\" tabindex=\"-1\""), html);
            assertTrue(html.contains("Leave this field empty"), html);
            assertTrue(html.contains("name=\"first_name\"") && html.contains("name=\"email\"") && html.contains("name=\"consent\""));
            assertFalse(html.contains("<script"), "works without JavaScript");
            assertEquals(0, f.count("select count(*) from signups"), "a GET records nothing");
        }
    }

    @Test
    void withSignupOffTheJoinAndConfirmPagesAreNotThere() {
        try (TrackingFixture f = TrackingFixture.open(dir, 0)) {
            assertEquals(404, f.get("/join").statusCode());
            assertEquals(404, f.post("/join", JoinFixture.FORM, "email=zoe%40example.com&consent=yes").statusCode());
            assertEquals(404, f.get("/confirm/k1.1.00000000000000000000000000000000").statusCode());
        }
    }

    @Test
    void aSignupSendsOneNoteWhoseLinkShowsAButtonAndOnlyItsPostMakesAnActiveCustomerWithTheConsent() throws Exception {
        try (JoinFixture f = JoinFixture.open(dir, 0)) {
            HttpResponse<byte[]> sent = f.join("zoe.kaplan@example.com", "Zo%C3%AB");
            assertEquals(200, sent.statusCode());
            assertTrue(text(sent).contains("Check your inbox"), text(sent));
            assertTrue(text(sent).contains("zoe.kaplan@example.com"));

            List<MimeMessage> notes = f.sentTo("zoe.kaplan@example.com");
            assertEquals(1, notes.size());
            MimeMessage note = notes.get(0);
            assertEquals("Please confirm: notes from Pano at Kosmima", note.getSubject());
            InternetAddress from = (InternetAddress) note.getFrom()[0];
            assertEquals("hello@kosmima.example", from.getAddress());
            assertEquals("Pano at Kosmima", from.getPersonal());
            assertTrue(note.getHeader("Message-ID")[0].startsWith("<rapport.confirm."), note.getHeader("Message-ID")[0]);
            assertEquals(null, note.getHeader("List-Unsubscribe"), "not a newsletter: the one answer to their own request");
            assertTrue(JoinFixture.html(note).contains("Hi Zoë,"), JoinFixture.html(note));
            assertTrue(JoinFixture.text(note).contains("12 Boylston St, Chestnut Hill, MA 02467"), "the postal address in the body");
            assertTrue(JoinFixture.text(note).contains("/confirm/"), "the text part carries the link too");

            String link = f.confirmPath("zoe.kaplan@example.com");
            HttpResponse<byte[]> page = f.get(link);
            assertEquals(200, page.statusCode());
            assertTrue(text(page).contains("Yes, add me") && text(page).contains("zoe.kaplan@example.com"), text(page));
            assertTrue(f.customers.findByEmail("zoe.kaplan@example.com").isEmpty(), "opening the link records nothing");

            HttpResponse<byte[]> confirmed = f.post(link, "");
            assertEquals(303, confirmed.statusCode());
            String done = confirmed.headers().firstValue("Location").orElseThrow();
            assertTrue(text(f.get(link.substring(0, link.lastIndexOf('/') + 1) + done)).contains("You're in"));

            Customer c = f.customers.findByEmail("zoe.kaplan@example.com").orElseThrow();
            assertEquals(Status.ACTIVE, c.status());
            assertEquals("new", c.stage(), "the first stage of the ladder");
            assertEquals("Zoë", c.firstName());
            assertEquals(List.of("pearls", "rings"), c.interests());
            assertTrue(c.wishes().interestsChosen(), "chosen by the person: a later import leaves them alone");
            assertEquals(LocalDate.of(2026, 11, 24), c.joinedAt(), "today in the shop's time zone");
            List<TimelineEvent> events = f.customers.timeline(c.id());
            assertEquals(List.of("signup"), events.stream().map(TimelineEvent::type).toList());
            String consent = events.get(0).detail();
            assertTrue(consent.contains("from 127.0.0.1"), consent);
            assertTrue(consent.contains(Consent.wording("Pano at Kosmima")), consent);
            assertTrue(consent.contains("consent given 2026-11-24T16:00:00Z"), consent);

            HttpResponse<byte[]> again = f.post(link, "");
            assertEquals(200, again.statusCode());
            assertTrue(text(again).contains("already"), text(again));
            assertTrue(text(f.get(link)).contains("already confirmed"));
            assertEquals(1, f.customers.timeline(c.id()).size(), "a second press records nothing more");
        }
    }

    @Test
    void aBadAddressOrNoConsentShowsTheFormAgainWithWhatWasTyped() {
        try (JoinFixture f = JoinFixture.open(dir, 0)) {
            HttpResponse<byte[]> bad = f.join("first_name=Zo%C3%AB&email=zoe%40example&interests=watches&consent=yes");
            assertEquals(400, bad.statusCode());
            assertTrue(text(bad).contains("Please check your email address"), text(bad));
            assertTrue(text(bad).contains("value=\"zoe@example\"") && text(bad).contains("value=\"Zoë\""), "values kept");
            assertTrue(text(bad).contains("value=\"watches\" checked"), "choices kept");

            HttpResponse<byte[]> noConsent = f.join("email=zoe%40example.com");
            assertEquals(400, noConsent.statusCode());
            assertTrue(text(noConsent).contains("Please tick the box"), text(noConsent));
            assertEquals(0, f.count("select count(*) from signups"));
            assertEquals(List.of(), f.sent());
        }
    }
}
