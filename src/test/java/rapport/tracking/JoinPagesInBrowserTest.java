package rapport.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import rapport.customer.Customer;
import rapport.customer.Status;

/**
 * The join page and the confirmation page in a real browser, on a 375 px phone and on a desk,
 * with JavaScript on and off: a person types, ticks, presses Join, opens the link from the note
 * and presses "Yes, add me", coming on their own, from a customer's invitation, or from an
 * invitation link that was tampered with. Screenshots go to {@code target/screenshots/pages-*-join*.png}
 * and {@code pages-*-confirm*.png} to be looked at. Skipped only when chromium is not installed.
 */
class JoinPagesInBrowserTest {
    private static final String HEADING = "Hear from Pano at Kosmima";

    @TempDir Path dir;

    @ParameterizedTest(name = "{0} px wide, JavaScript {1}")
    @CsvSource({"375, true", "1280, true", "375, false", "1280, false"})
    void aPersonJoinsFromThePageAndConfirmsFromTheNote(int width, boolean javascript) throws IOException {
        try (Browser browser = Browser.open(width, javascript, dir); JoinFixture f = JoinFixture.open(dir, 0)) {
            browser.go(f.base() + "/join");
            browser.shows(HEADING, "join-" + javascript);
            WebElement honeypot = browser.driver.findElement(By.name("website"));
            assertTrue(honeypot.getRect().getX() + honeypot.getRect().getWidth() <= 0, "the hidden field is off the screen");

            Customer c = joinAndConfirm(browser, f, "zoe.kaplan@example.com", "Zoë", "-" + javascript);
            assertEquals(Status.ACTIVE, c.status());
            assertEquals("Zoë", c.firstName());
            assertEquals(List.of("pearls"), c.interests());
        }
    }

    @ParameterizedTest(name = "{0} px wide, JavaScript {1}")
    @CsvSource({"375, true", "1280, true", "375, false", "1280, false"})
    void aFriendOpensACustomersInvitationJoinsAndIsRememberedAsTheirs(int width, boolean javascript) throws IOException {
        try (Browser browser = Browser.open(width, javascript, dir); JoinFixture f = JoinFixture.open(dir, 0)) {
            long pat = f.customer("pat.moreau@example.com", "Pat", "Moreau");
            browser.go(f.base() + f.invitation(pat));
            browser.shows(HEADING, "join-invited-" + javascript);
            assertTrue(browser.text().contains("Pat invited you to join our club: welcome."), browser.text());
            assertFalse(browser.text().contains("Moreau") || browser.text().contains("pat.moreau"), "the first name only: " + browser.text());

            Customer lea = joinAndConfirm(browser, f, "lea.dubois@example.org", "Léa", "-invited-" + javascript);
            assertEquals(Status.ACTIVE, lea.status());
            assertEquals("Pat", lea.circle().referredBy());
            assertEquals(1, f.count("select count(*) from referrals where inviter_id = ? and friend_id = ? and state = 'waiting'", pat, lea.id()));
        }
    }

    @ParameterizedTest(name = "{0} px wide, JavaScript {1}")
    @CsvSource({"375, true", "1280, true", "375, false", "1280, false"})
    void aDamagedInvitationSaysSoAndThePersonStillJoinsWithNoInviter(int width, boolean javascript) throws IOException {
        try (Browser browser = Browser.open(width, javascript, dir); JoinFixture f = JoinFixture.open(dir, 0)) {
            f.customer("pat.moreau@example.com", "Pat", "Moreau");
            browser.go(f.base() + "/join?r=i1.club." + "0".repeat(32));
            browser.shows(HEADING, "join-damaged-" + javascript);
            assertTrue(browser.text().contains("This invitation link looks damaged, so we cannot tell who sent it. You can still join below."),
                    browser.text());
            assertFalse(browser.text().contains("invited you"), browser.text());

            Customer lea = joinAndConfirm(browser, f, "lea.dubois@example.org", "Léa", "-damaged-" + javascript);
            assertEquals(Status.ACTIVE, lea.status());
            assertNull(lea.circle().referredBy());
            assertEquals(0, f.count("select count(*) from referrals"));
        }
    }

    /**
     * From the open join page: types the name and address, ticks pearls and the consent, presses
     * Join, opens the link of the note and presses "Yes, add me"; gives the customer that made.
     */
    private static Customer joinAndConfirm(Browser browser, JoinFixture f, String email, String firstName, String shots) throws IOException {
        browser.driver.findElement(By.id("first_name")).sendKeys(firstName);
        browser.driver.findElement(By.id("email")).sendKeys(email);
        browser.driver.findElement(By.xpath("//label[normalize-space()='pearls']")).click();
        browser.driver.findElement(By.cssSelector("input[name=consent]")).click();
        browser.press("Join");
        browser.shows("Check your inbox", "join-sent" + shots);

        browser.go(f.base() + f.confirmPath(email));
        browser.shows("One last step", "confirm" + shots);
        assertTrue(f.customers.findByEmail(email).isEmpty(), "opening the link records nothing");
        browser.press("Yes, add me");
        browser.shows("You're in", "confirmed" + shots);
        return f.customers.findByEmail(email).orElseThrow();
    }
}
