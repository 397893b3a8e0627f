package rapport.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rapport.tracking.TrackingFixture.NOW;
import static rapport.tracking.TrackingFixture.RUN;
import static rapport.tracking.TrackingFixture.email;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import rapport.customer.TimelineEvent;
import rapport.render.Links;
import rapport.store.ReplyStore;

/**
 * The rating and preferences pages in a real browser (Debian's headless chromium through its
 * chromedriver, named outright, so nothing is downloaded), on a 375 px phone and on a desk, with
 * JavaScript on and off: real taps on real radio buttons, checkboxes and buttons, and what the
 * store recorded. Screenshots go to {@code target/screenshots/} to be looked at. Skipped only when
 * chromium or chromedriver is not installed.
 */
class RatingAndPreferencesInBrowserTest {
    @TempDir Path dir;

    @ParameterizedTest(name = "{0} px wide, JavaScript {1}")
    @CsvSource({"375, true", "1280, true", "375, false", "1280, false"})
    void aPersonRatesANoteChangesTheirMindAndLeavesAComment(int width, boolean javascript) throws IOException {
        try (TrackingFixture f = TrackingFixture.open(dir, 1); Browser browser = Browser.open(width, javascript, dir)) {
            f.sql("update deliveries set subject = ?", "How to keep silver bright for years, without polishing every week");
            browser.go(f.local(f.links.rating(f.id(email(0)), RUN, Links.USEFUL)).toString());
            browser.shows("Was this note useful to you?", "rating-" + javascript);
            assertTrue(browser.driver.findElement(By.cssSelector("input[value=useful]")).isSelected(), "the answer from the link is chosen");
            assertEquals(0, f.timeline(email(0), "rating").size(), "opening the page records nothing");

            browser.press("Send my answer");
            browser.shows("Thank you", "rated-" + javascript);
            browser.go(f.local(f.links.rating(f.id(email(0)), RUN, Links.USEFUL)).toString());
            browser.driver.findElement(By.xpath("//label[normalize-space()='Not for me']")).click();
            browser.driver.findElement(By.id("comment")).sendKeys("More about rings, please.");
            browser.press("Send my answer");
            browser.shows("Thank you", "rated-again-" + javascript);

            assertEquals(List.of("useful", "not-for-me"), f.timeline(email(0), "rating").stream().map(TimelineEvent::detail).toList());
            assertEquals("not-for-me", f.value("select rating from note_feedback"));
            assertEquals("More about rings, please.", new ReplyStore(f.database).waiting().get(0).snippet());
        }
    }

    @ParameterizedTest(name = "{0} px wide, JavaScript {1}")
    @CsvSource({"375, true", "1280, true", "375, false", "1280, false"})
    void aPersonChoosesInterestsAndPausesTheirNotes(int width, boolean javascript) throws IOException {
        try (TrackingFixture f = PreferencesPageTest.fixture(dir, 1); Browser browser = Browser.open(width, javascript, dir)) {
            f.sql("update customers set interests = 'pearls'");
            String page = f.base() + PreferencesPageTest.path(f, email(0));
            browser.go(page);
            browser.shows("What would you like to hear about?", "preferences-" + javascript);
            assertTrue(browser.driver.findElement(By.cssSelector("input[value=pearls]")).isSelected());
            assertEquals(0, f.timeline(email(0), "preference").size(), "opening the page records nothing");

            browser.driver.findElement(By.xpath("//label[normalize-space()='rings']")).click();
            browser.driver.findElement(By.xpath("//label[normalize-space()='Pause for 8 weeks']")).click();
            browser.press("Save my choices");
            browser.shows("What would you like to hear about?", "preferences-saved-" + javascript);
            assertTrue(browser.text().contains("Saved."), browser.text());
            assertTrue(browser.text().contains("paused until Tuesday 19 January 2027"), browser.text());

            var c = f.customers.findByEmail(email(0)).orElseThrow();
            assertEquals(List.of("pearls", "rings"), c.interests());
            assertEquals(NOW.plus(Duration.ofDays(56)), c.wishes().pausedUntil());
            assertEquals(1, f.timeline(email(0), "preference").size());

            browser.driver.findElement(By.linkText("Stop all notes")).click();
            browser.shows("How often would you like to hear from us?", "way-out-" + javascript);
            browser.driver.findElement(By.linkText("choose what you hear about")).click();
            browser.shows("What would you like to hear about?", "back-" + javascript);
        }
    }
}
