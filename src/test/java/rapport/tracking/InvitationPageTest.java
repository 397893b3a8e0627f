package rapport.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rapport.tracking.TrackingFixture.text;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rapport.customer.Customer;
import rapport.render.Links;
import rapport.tokens.Tokens;

/**
 * A customer's invitation on the join page over real sockets: who it names and what the page
 * keeps of them, and what becomes of a signup that came with a good, forged or orphaned one.
 */
class InvitationPageTest {
    private static final String DAMAGED = "This invitation link looks damaged, so we cannot tell who sent it. You can still join below.";
    private static final String FORGED = "i1.club." + "0".repeat(32);
    private static final String FRIEND = "lea.dubois@example.org";

    @TempDir Path dir;

    @Test
    void aValidInvitationNamesTheInviterByFirstNameOnlyAndOpeningItRecordsNothing() {
        try (JoinFixture f = JoinFixture.open(dir, 0)) {
            long pat = f.customer("pat.moreau@example.com", "Pat", "Moreau");
            String link = f.invitation(pat);
            HttpResponse<byte[]> page = f.get(link);
            assertEquals(200, page.statusCode());
            String html = text(page);
            assertTrue(html.contains("Pat invited you to join our club: welcome."), html);
            assertTrue(html.contains("name=\"r\" value=\"" + link.substring("/join?r=".length()) + "\""), "the invitation goes on with the form");
            assertFalse(html.contains("Moreau"), "no last name");
            assertFalse(html.contains("pat.moreau") || html.contains("example.com"), "no address");
            assertFalse(html.contains(DAMAGED), html);
            assertEquals(0, f.count("select count(*) from signups"), "a GET records nothing");
            assertEquals(0, f.count("select count(*) from referrals"));
            assertEquals(0, f.count("select count(*) from customers where referred_by is not null"));
        }
    }

    @Test
    void anInviterTheShopKnowsOnlyByAddressIsAFriendOfOurs() {
        try (JoinFixture f = JoinFixture.open(dir, 0)) {
            long known = f.customer("m.k@example.com", null, "Kaplan");
            String html = text(f.get(f.invitation(known)));
            assertTrue(html.contains("A friend of ours invited you to join our club: welcome."), html);
            assertFalse(html.contains("Kaplan") || html.contains("m.k@example.com"), html);
        }
    }

    @Test
    void aForgedOrMisusedOrEscapingInvitationReadsAsDamaged() {
        try (JoinFixture f = JoinFixture.open(dir, 0)) {
            long pat = f.customer("pat.moreau@example.com", "Pat", "Moreau");
            String otherPurpose = f.tokens.sign(Tokens.Purpose.PREFERENCES, pat, Links.INVITATION);
            for (String r : new String[] {FORGED, otherPurpose, "\"><script>alert(1)</script>"}) {
                HttpResponse<byte[]> page = f.get("/join?r=" + URLEncoder.encode(r, StandardCharsets.UTF_8));
                assertEquals(200, page.statusCode(), r);
                String html = text(page);
                assertTrue(html.contains(DAMAGED), html);
                assertFalse(html.contains("invited you"), html);
                assertFalse(html.contains("<script"), "the link's text stays text: " + html);
            }
        }
    }

    @Test
    void anInvitationFromACustomerForgottenSinceReadsAsDamaged() {
        try (JoinFixture f = JoinFixture.open(dir, 0)) {
            long pat = f.customer("pat.moreau@example.com", "Pat", "Moreau");
            f.customers.forget(f.customers.findByEmail("pat.moreau@example.com").orElseThrow());
            String html = text(f.get(f.invitation(pat)));
            assertTrue(html.contains(DAMAGED), html);
            assertFalse(html.contains("invited you"), html);
        }
    }

    @Test
    void aSignupWithAValidInvitationIsRememberedAsTheInvitersOnceConfirmed() {
        try (JoinFixture f = JoinFixture.open(dir, 0)) {
            long pat = f.customer("pat.moreau@example.com", "Pat", "Moreau");
            join(f, token(f.invitation(pat)));
            assertEquals(pat, f.count("select referred_by from signups where email = ?", FRIEND));

            Customer lea = confirm(f);
            assertEquals("Pat", lea.circle().referredBy());
            assertEquals(1, f.count("select count(*) from referrals where inviter_id = ? and friend_id = ? and state = 'waiting'", pat, lea.id()));
        }
    }

    @Test
    void aForgedInvitationInThePostStillKeepsTheSignupWithNoInviter() {
        try (JoinFixture f = JoinFixture.open(dir, 0)) {
            f.customer("pat.moreau@example.com", "Pat", "Moreau");
            join(f, FORGED);
            assertEquals(1, f.sentTo(FRIEND).size(), "the confirmation note goes out");
            assertEquals(0, f.count("select count(*) from signups where referred_by is not null"));

            Customer lea = confirm(f);
            assertNull(lea.circle().referredBy());
            assertEquals(0, f.count("select count(*) from referrals"));
        }
    }

    @Test
    void aSignupWhoseInviterIsForgottenBeforeItIsConfirmedBringsNobody() {
        try (JoinFixture f = JoinFixture.open(dir, 0)) {
            long pat = f.customer("pat.moreau@example.com", "Pat", "Moreau");
            join(f, token(f.invitation(pat)));
            f.customers.forget(f.customers.findByEmail("pat.moreau@example.com").orElseThrow());

            Customer lea = confirm(f);
            assertNull(lea.circle().referredBy());
            assertEquals(0, f.count("select count(*) from referrals"));
        }
    }

    private static String token(String invitation) {
        return invitation.substring(invitation.indexOf("?r=") + 3);
    }

    /** Léa fills in the form with the invitation {@code r} it was opened with. */
    private static void join(JoinFixture f, String r) {
        HttpResponse<byte[]> sent = f.join("first_name=L%C3%A9a&email=" + URLEncoder.encode(FRIEND, StandardCharsets.UTF_8)
                + "&consent=yes&website=&r=" + URLEncoder.encode(r, StandardCharsets.UTF_8));
        assertEquals(200, sent.statusCode(), text(sent));
        assertTrue(text(sent).contains("Check your inbox"), text(sent));
    }

    /** Léa presses the button of the link in her note; the customer she became. */
    private static Customer confirm(JoinFixture f) {
        assertEquals(303, f.post(f.confirmPath(FRIEND), "").statusCode());
        return f.customers.findByEmail(FRIEND).orElseThrow();
    }
}
