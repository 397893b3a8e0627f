package rapport.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static rapport.tracking.TrackingFixture.NOW;
import static rapport.tracking.TrackingFixture.RUN;
import static rapport.tracking.TrackingFixture.SHOP;
import static rapport.tracking.TrackingFixture.email;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
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
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

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

    /** One headless chromium at a width, with or without JavaScript. */
    private static final class Browser implements AutoCloseable {
        final WebDriver driver;
        final int width;

        private Browser(WebDriver driver, int width) {
            this.driver = driver;
            this.width = width;
        }

        static Browser open(int width, boolean javascript, Path dir) {
            assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                    "chromium or chromedriver is missing (apt-get install chromium chromium-driver): the browser test is skipped");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--no-proxy-server",
                    "--user-data-dir=" + dir.resolve("chromium-" + width + "-" + javascript).toAbsolutePath());
            if (!javascript) options.setExperimentalOption("prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
            // Phone emulation needs the page's scripts: without them, a phone-wide window instead.
            if (width < 600 && javascript) {
                options.setExperimentalOption("mobileEmulation",
                        Map.of("deviceMetrics", Map.of("width", width, "height", 760, "pixelRatio", 2.0, "touch", true)));
            } else {
                options.addArguments("--window-size=" + width + ",900");
            }
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort().build();
            WebDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return new Browser(driver, width);
        }

        void go(String url) {
            driver.get(url);
        }

        void press(String label) {
            WebElement button = driver.findElement(By.xpath("//button[normalize-space()='" + label + "']"));
            assertEquals("submit", button.getAttribute("type"), "a real button of a real form");
            button.click();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    button.isEnabled();
                } catch (WebDriverException gone) {
                    return;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
            throw new AssertionError("pressing \"" + label + "\" led nowhere");
        }

        String text() {
            return driver.findElement(By.tagName("body")).getText();
        }

        /** The page has this heading and the shop's name, and fits the width; screenshot taken. */
        void shows(String heading, String shot) throws IOException {
            assertEquals(heading, driver.findElement(By.tagName("h1")).getText(), text());
            assertTrue(driver.getTitle().contains(SHOP), driver.getTitle());
            assertTrue(text().startsWith(SHOP), "the shop's name on top: " + text());
            assertFalse(text().contains("Exception"), text());
            JavascriptExecutor js = (JavascriptExecutor) driver;
            // With JavaScript off the page is measured by what the browser shows, not by a script.
            long viewport = ((Number) js.executeScript("return window.innerWidth")).longValue();
            long scroll = ((Number) js.executeScript("return document.documentElement.scrollWidth")).longValue();
            assertTrue(scroll <= viewport, "no sideways scrolling: " + scroll + " > " + viewport);
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve("pages-" + width + "-" + shot + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        }

        @Override
        public void close() {
            driver.quit();
        }
    }
}
