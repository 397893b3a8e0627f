package rapport.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rapport.tracking.TrackingFixture.NOW;
import static rapport.tracking.TrackingFixture.RUN;
import static rapport.tracking.TrackingFixture.SHOP;
import static rapport.tracking.TrackingFixture.email;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import rapport.customer.CustomerImport;
import rapport.customer.Status;
import rapport.feedback.MessageRef;
import rapport.feedback.Signal;
import rapport.feedback.Unsubscribing;

/**
 * The unsubscribe pages in a real browser (Debian's headless chromium through its chromedriver,
 * both named explicitly, so nothing is downloaded), on a 375 px phone and on a desk: the shop's
 * name, the address, no sideways scrolling, the damaged-link wording, and the undo through real
 * clicks on real buttons. Screenshots go to {@code target/screenshots/} to be looked at. Skipped
 * only when chromium or chromedriver is not installed.
 */
class UnsubscribePagesInBrowserTest {
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String FORM = "application/x-www-form-urlencoded";

    @TempDir Path dir;

    @ParameterizedTest(name = "{0} px wide")
    @ValueSource(ints = {375, 1280})
    void aPersonUnsubscribesChangesTheirMindAndUndoesItByPressingButtons(int width) throws IOException {
        try (TrackingFixture f = TrackingFixture.open(dir, 1); Browser browser = Browser.open(width, dir)) {
            String link = f.local(f.links.unsubscribe(f.id(email(0)), RUN)).toString();
            browser.go(link);
            browser.shows("How often would you like to hear from us?", email(0), "choice");
            assertEquals(Status.ACTIVE, f.status(email(0)), "opening the page changes nothing");

            browser.press("No more notes");
            browser.shows("You are unsubscribed", email(0), "unsubscribed");
            assertEquals(link, browser.driver.getCurrentUrl(), "redirected after the POST to the page of the link");
            assertEquals(Status.UNSUBSCRIBED, f.status(email(0)));
            assertTrue(browser.text().contains("for the next 7 days"), browser.text());

            browser.press("Undo — keep my notes");
            browser.shows("Your notes will keep coming", email(0), "kept");
            assertEquals(Status.ACTIVE, f.status(email(0)));
            browser.driver.navigate().refresh();
            browser.shows("Your notes will keep coming", email(0), "kept-reloaded");
            assertEquals(1, f.undoings(email(0)).size(), "a reload posts nothing again");
        }
    }

    @ParameterizedTest(name = "{0} px wide")
    @ValueSource(ints = {375, 1280})
    void fewerNotesADamagedLinkAndAnExpiredUndoEachSayPlainlyWhatIsTrue(int width) throws IOException {
        try (TrackingFixture f = TrackingFixture.open(dir, 2); Browser browser = Browser.open(width, dir)) {
            browser.go(f.local(f.links.unsubscribe(f.id(email(0)), RUN)).toString());
            browser.press("Fewer notes");
            browser.shows("You'll hear from us less often", email(0), "fewer");

            String token = f.tokens.sign(rapport.tokens.Tokens.Purpose.UNSUBSCRIBE, f.id(email(1)), RUN);
            browser.go(f.base() + "/u/" + token.substring(0, token.length() - 6));
            browser.shows("This link is damaged", null, "damaged");
            assertTrue(browser.text().contains("reply to any note"), browser.text());
            assertFalse(browser.text().contains("@example.com"), "names no one: " + browser.text());
            assertTrue(browser.driver.findElements(By.tagName("button")).isEmpty(), "nothing to press");

            f.feedback.record(List.of(new Signal.Unsubscribe(new MessageRef(f.id(email(1)), RUN),
                    NOW.minus(Unsubscribing.UNDO_WINDOW).minus(Duration.ofDays(1)), "page")));
            browser.go(f.local(f.links.unsubscribe(f.id(email(1)), RUN)).toString());
            browser.shows("No notes go to this address", email(1), "undo-expired");
            assertTrue(browser.text().contains("more than 7 days since you unsubscribed"), browser.text());
            assertTrue(browser.driver.findElements(By.tagName("button")).isEmpty(), browser.text());

            String longAddress = "margaret.hollingsworth-vandenberghe.family.account@" + "jewelry-lovers-of-chestnut-hill".repeat(2) + ".example";
            CustomerImport importer = new CustomerImport(f.customers, List.of("new"), ZoneOffset.UTC, LocalDate.of(2026, 11, 1));
            importer.run("one.csv", new ByteArrayInputStream(("email\n" + longAddress + "\n").getBytes(StandardCharsets.UTF_8)), false);
            browser.go(f.local(f.links.unsubscribe(f.id(longAddress), RUN)).toString());
            browser.shows("How often would you like to hear from us?", longAddress, "long-address");
        }
    }

    /** One headless chromium at a width: a phone's (with its viewport) or a desk's window. */
    private static final class Browser implements AutoCloseable {
        final WebDriver driver;
        final int width;

        private Browser(WebDriver driver, int width) {
            this.driver = driver;
            this.width = width;
        }

        static Browser open(int width, Path dir) {
            return new Browser(rapport.tracking.Browser.chromium(width, true, dir), width);
        }

        void go(String url) {
            driver.get(url);
        }

        void press(String label) {
            rapport.tracking.Browser.press(driver, label);
        }

        String text() {
            return driver.findElement(By.tagName("body")).getText();
        }

        /** The page has this heading, the shop's name, the address (when given), and fits the width; screenshot taken. */
        void shows(String heading, String address, String shot) throws IOException {
            assertEquals(heading, driver.findElement(By.tagName("h1")).getText(), text());
            assertTrue(driver.getTitle().contains(SHOP), driver.getTitle());
            String text = text();
            assertTrue(text.startsWith(SHOP), "the shop's name on top: " + text);
            if (address != null) assertTrue(text.contains(address), text);
            JavascriptExecutor js = (JavascriptExecutor) driver;
            long viewport = ((Number) js.executeScript("return window.innerWidth")).longValue();
            long scroll = ((Number) js.executeScript("return document.documentElement.scrollWidth")).longValue();
            if (width < 600) assertEquals(width, viewport, "the phone's viewport");
            assertTrue(scroll <= viewport, "no sideways scrolling: " + scroll + " > " + viewport);
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve("unsubscribe-" + width + "-" + shot + ".png"),
                    ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        }

        @Override
        public void close() {
            driver.quit();
        }
    }
}
