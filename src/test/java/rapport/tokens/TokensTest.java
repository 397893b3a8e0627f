package rapport.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import rapport.tokens.Tokens.Purpose;
import rapport.tokens.Tokens.Subject;

class TokensTest {
    private static final String RUN = "20260303";
    private static final String URL = "https://kosmima.example/care?a=1&b=2";
    private final Tokens tokens = new Tokens(List.of("current-secret"));

    private static String replaceMac(String token, char last) {
        return token.substring(0, token.length() - 1) + last;
    }

    @ParameterizedTest
    @EnumSource(Purpose.class)
    void aTokenVerifiesForItsOwnPurposeCustomerAndRun(Purpose purpose) {
        String token = tokens.sign(purpose, 42, RUN);
        assertTrue(token.matches("[a-z0-9.]+"), token);
        assertEquals(Optional.of(new Subject(42, RUN)), tokens.verify(purpose, token));
    }

    @Test
    void theLargestCustomerIdRoundTrips() {
        String token = tokens.sign(Purpose.UNSUBSCRIBE, Long.MAX_VALUE, RUN);
        assertEquals(Optional.of(new Subject(Long.MAX_VALUE, RUN)), tokens.verify(Purpose.UNSUBSCRIBE, token));
    }

    @Test
    void anAlteredTokenVerifiesForNothing() {
        String token = tokens.sign(Purpose.UNSUBSCRIBE, 42, RUN);
        char last = token.charAt(token.length() - 1);
        assertEquals(Optional.empty(), tokens.verify(Purpose.UNSUBSCRIBE, replaceMac(token, last == '0' ? '1' : '0')));
        String mac = token.substring(token.lastIndexOf('.') + 1);
        assertEquals(Optional.empty(), tokens.verify(Purpose.UNSUBSCRIBE, "u" + Long.toString(43, 36) + "." + RUN + "." + mac));
        assertEquals(Optional.empty(), tokens.verify(Purpose.UNSUBSCRIBE, "u" + Long.toString(42, 36) + ".20260304." + mac));
        assertEquals(Optional.empty(), tokens.verify(Purpose.UNSUBSCRIBE, token + "0"));
        assertEquals(Optional.empty(), tokens.verify(Purpose.UNSUBSCRIBE, token.substring(0, token.length() - 1)));
    }

    @Test
    void aTokenForOnePurposeVerifiesForNoOther() {
        for (Purpose made : Purpose.values()) {
            String token = tokens.sign(made, 42, RUN);
            for (Purpose other : Purpose.values()) {
                if (other != made) assertEquals(Optional.empty(), tokens.verify(other, token), made + " as " + other);
            }
            // Relabelled with another purpose's letter, the MAC no longer matches.
            for (Purpose other : Purpose.values()) {
                if (other == made) continue;
                String relabelled = tokens.sign(other, 42, RUN).charAt(0) + token.substring(1);
                assertEquals(Optional.empty(), tokens.verify(other, relabelled), made + " relabelled " + other);
            }
        }
    }

    @Test
    void tokensDifferForAnotherCustomerOrRun() {
        String token = tokens.sign(Purpose.REPLY, 42, RUN);
        assertNotEquals(token, tokens.sign(Purpose.REPLY, 43, RUN));
        assertNotEquals(token, tokens.sign(Purpose.REPLY, 42, "20260304"));
        assertEquals(token, tokens.sign(Purpose.REPLY, 42, RUN), "a resent message carries the same token");
    }

    @Test
    void aClickTokenVerifiesOnlyForItsTarget() {
        String token = tokens.sign(Purpose.CLICK, 42, RUN, URL);
        assertEquals(Optional.of(new Subject(42, RUN)), tokens.verify(Purpose.CLICK, token, URL));
        assertEquals(Optional.empty(), tokens.verify(Purpose.CLICK, token, "https://evil.example/"));
        assertEquals(Optional.empty(), tokens.verify(Purpose.CLICK, token, URL + "&c=3"));
        assertEquals(Optional.empty(), tokens.verify(Purpose.CLICK, token));
        assertEquals(Optional.empty(), tokens.verify(Purpose.CLICK, tokens.sign(Purpose.CLICK, 42, RUN), URL));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "u", "garbage", "u16.20260303", "u16.20260303.", "U16.20260303.00000000000000000000000000000000",
            "u16.20260303.0000000000000000000000000000000g", "u16.20260303.00000000000000000000000000000000",
            "u16.2026.03.03.00000000000000000000000000000000", " u16.20260303.00000000000000000000000000000000",
            "uzzzzzzzzzzzzz.20260303.00000000000000000000000000000000", "u16.20260303.0000000000000000000000000000000000",
            "../../etc/passwd", "u16.20260303.%00"})
    void garbageVerifiesForNothing(String garbage) {
        for (Purpose purpose : Purpose.values()) {
            assertEquals(Optional.empty(), tokens.verify(purpose, garbage));
            assertEquals(Optional.empty(), tokens.verify(purpose, garbage, URL));
        }
    }

    @Test
    void anUppercasedTokenVerifiesForNothing() {
        String token = tokens.sign(Purpose.UNSUBSCRIBE, 123456, RUN);
        assertEquals(Optional.empty(), tokens.verify(Purpose.UNSUBSCRIBE, token.toUpperCase()));
    }

    @Test
    void nullVerifiesForNothing() {
        assertEquals(Optional.empty(), tokens.verify(Purpose.UNSUBSCRIBE, null));
        assertEquals(Optional.empty(), tokens.verify(Purpose.CLICK, null, URL));
    }

    @Test
    void aTokenSignedWithTheOldSecretStillVerifiesAfterRotation() {
        String old = tokens.sign(Purpose.UNSUBSCRIBE, 42, RUN);
        String oldClick = tokens.sign(Purpose.CLICK, 42, RUN, URL);
        Tokens rotated = new Tokens(List.of("new-secret", "current-secret"));
        assertEquals(Optional.of(new Subject(42, RUN)), rotated.verify(Purpose.UNSUBSCRIBE, old));
        assertEquals(Optional.of(new Subject(42, RUN)), rotated.verify(Purpose.CLICK, oldClick, URL));
        String fresh = rotated.sign(Purpose.UNSUBSCRIBE, 42, RUN);
        assertNotEquals(old, fresh, "the first secret signs");
        assertEquals(Optional.of(new Subject(42, RUN)), new Tokens(List.of("new-secret")).verify(Purpose.UNSUBSCRIBE, fresh));
        assertEquals(Optional.empty(), tokens.verify(Purpose.UNSUBSCRIBE, fresh));
    }

    @Test
    void aTokenSignedWithAnUnknownSecretVerifiesForNothing() {
        String forged = new Tokens(List.of("someone-elses-secret")).sign(Purpose.UNSUBSCRIBE, 42, RUN);
        assertEquals(Optional.empty(), tokens.verify(Purpose.UNSUBSCRIBE, forged));
        assertEquals(Optional.empty(), new Tokens(List.of("new-secret", "current-secret")).verify(Purpose.UNSUBSCRIBE, forged));
    }

    @Test
    void aSigningSecretIsRequired() {
        assertThrows(IllegalArgumentException.class, () -> new Tokens(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Tokens(List.of("")));
    }
}
