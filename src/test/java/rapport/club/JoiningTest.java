package rapport.club;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import rapport.customer.Status;

/** What a posted join form may do, decided without a database. */
class JoiningTest {
    private static final Instant NOW = Instant.parse("2026-12-01T15:00:00Z");
    private static final List<String> OFFERED = List.of("pearls", "watches", "rings");
    private static final String WORDING = Consent.wording("Pano at Kosmima");

    private static JoinForm form(String email, boolean consent) {
        return new JoinForm(email, "  Zoë \r\n Kaplan ", List.of("rings", "Pearls", "crypto"), consent, "");
    }

    private static Admission admit(JoinForm form, Optional<Status> known, Optional<Instant> last) {
        return Joining.admit(form, OFFERED, known, last, NOW, "203.0.113.9", WORDING);
    }

    @Test
    void aWellFilledFormIsKeptWithItsAddressTidiedOnlyOfferedInterestsAndTheConsentAsShown() {
        Admission a = admit(form("  Zoe.Kaplan@Example.COM ", true), Optional.empty(), Optional.empty());
        SignupRequest r = assertInstanceOf(Admission.Accepted.class, a).request();
        assertEquals("Zoe.Kaplan@example.com", r.email(), "the domain in lower case, the local part as typed");
        assertEquals("Zoë Kaplan", r.firstName(), "one line, single spaces");
        assertEquals(List.of("pearls", "rings"), r.interests(), "in the order offered; nothing that is not offered");
        assertEquals(new Consent(NOW, "203.0.113.9", WORDING), r.consent());
    }

    @Test
    void aFilledHoneypotIsIgnoredBeforeAnythingElseSoARobotLearnsNothing() {
        JoinForm robot = new JoinForm("not an address", "x", List.of(), false, "http://spam.example");
        assertInstanceOf(Admission.Ignored.class, admit(robot, Optional.empty(), Optional.empty()));
    }

    @Test
    void aMissingOrBadAddressOrNoConsentAsksAgainWithAPlainMessage() {
        for (String bad : new String[] {null, "", "zoe", "zoe@", "zoe@example", "zoe kaplan@example.com", "zoe@example.com\r\nBcc: x@y.z"}) {
            Admission a = admit(form(bad, true), Optional.empty(), Optional.empty());
            assertTrue(assertInstanceOf(Admission.Invalid.class, a).message().contains("email address"), String.valueOf(bad));
        }
        Admission noConsent = admit(form("zoe@example.com", false), Optional.empty(), Optional.empty());
        assertTrue(assertInstanceOf(Admission.Invalid.class, noConsent).message().contains("tick the box"));
    }

    @Test
    void anActiveCustomerAComplainerAndAnErasedAddressGetNoNote() {
        for (Status s : List.of(Status.ACTIVE, Status.COMPLAINED, Status.FORGOTTEN)) {
            assertInstanceOf(Admission.Ignored.class, admit(form("zoe@example.com", true), Optional.of(s), Optional.empty()), s.label());
        }
        assertFalse(Joining.mayRejoin(Status.COMPLAINED));
        assertFalse(Joining.mayRejoin(Status.FORGOTTEN));
    }

    @Test
    void anAddressThatUnsubscribedOrBouncedMayComeBackByItsOwnConfirmation() {
        for (Status s : List.of(Status.UNSUBSCRIBED, Status.BOUNCED)) {
            assertInstanceOf(Admission.Accepted.class, admit(form("zoe@example.com", true), Optional.of(s), Optional.empty()), s.label());
            assertTrue(Joining.mayRejoin(s));
        }
    }

    @Test
    void oneConfirmationNotePerAddressAnHour() {
        JoinForm f = form("zoe@example.com", true);
        assertInstanceOf(Admission.Ignored.class, admit(f, Optional.empty(), Optional.of(NOW.minus(Duration.ofMinutes(59)))));
        assertInstanceOf(Admission.Accepted.class, admit(f, Optional.empty(), Optional.of(NOW.minus(Duration.ofMinutes(61)))));
    }

    @Test
    void aFirstNameIsOneLineOfAtMostAHundredCharactersAndABlankOneIsNone() {
        assertEquals(Optional.empty(), Joining.firstName(" \t "));
        assertEquals(100, Joining.firstName("a".repeat(300)).orElseThrow().length());
        assertEquals("Ann Marie", Joining.firstName("Ann\u0000\nMarie").orElseThrow());
    }

    @Test
    void theConsentOnTheTimelineSaysWhenFromWhereAndWhatTheFormSaid() {
        String detail = new Consent(NOW, "203.0.113.9", WORDING).detail(NOW.plus(Duration.ofMinutes(5)));
        assertTrue(detail.contains("2026-12-01T15:00:00Z"), detail);
        assertTrue(detail.contains("203.0.113.9"), detail);
        assertTrue(detail.contains("\"" + WORDING + "\""), detail);
        assertTrue(Joining.deadline(NOW, 7).equals(NOW.plus(Duration.ofDays(7))));
    }
}
