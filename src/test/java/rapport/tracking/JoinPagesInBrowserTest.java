package rapport.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * and presses "Yes, add me". Screenshots go to {@code target/screenshots/pages-*-join*.png} and
 * {@code pages-*-confirm*.png} to be looked at. Skipped only when chromium is not installed.
 */
class JoinPagesInBrowserTest {
    @TempDir Path dir;

    @ParameterizedTest(name = "{0} px wide, JavaScript {1}")
    @CsvSource({"375, true", "1280, true", "375, false", "1280, false"})
    void aPersonJoinsFromThePageAndConfirmsFromTheNote(int width, boolean javascript) throws IOException {
        try (Browser browser = Browser.open(width, javascript, dir); JoinFixture f = JoinFixture.open(dir, 0)) {
            browser.go(f.base() + "/join");
            browser.shows("Hear from Pano at Kosmima", "join-" + javascript);
            WebElement honeypot = browser.driver.findElement(By.name("website"));
            assertTrue(honeypot.getRect().getX() + honeypot.getRect().getWidth() <= 0, "the hidden field is off the screen");

            browser.driver.findElement(By.id("first_name")).sendKeys("Zoë");
            browser.driver.findElement(By.id("email")).sendKeys("zoe.kaplan@example.com");
            browser.driver.findElement(By.xpath("//label[normalize-space()='pearls']")).click();
            browser.driver.findElement(By.cssSelector("input[name=consent]")).click();
            browser.press("Join");
            browser.shows("Check your inbox", "join-sent-" + javascript);

            browser.go(f.base() + f.confirmPath("zoe.kaplan@example.com"));
            browser.shows("One last step", "confirm-" + javascript);
            assertTrue(f.customers.findByEmail("zoe.kaplan@example.com").isEmpty(), "opening the link records nothing");
            browser.press("Yes, add me");
            browser.shows("You're in", "confirmed-" + javascript);

            Customer c = f.customers.findByEmail("zoe.kaplan@example.com").orElseThrow();
            assertEquals(Status.ACTIVE, c.status());
            assertEquals("Zoë", c.firstName());
            assertEquals(List.of("pearls"), c.interests());
        }
    }
}
