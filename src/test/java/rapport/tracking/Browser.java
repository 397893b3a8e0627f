package rapport.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static rapport.tracking.TrackingFixture.SHOP;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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

/**
 * One headless chromium at a width, with or without JavaScript, for the pages' browser tests:
 * Debian's chromium through its chromedriver, named outright, so nothing is downloaded. The test
 * is skipped when either is missing. Screenshots go to {@code target/screenshots/}. Not
 * thread-safe.
 */
public final class Browser implements AutoCloseable {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /**
     * Setting a phone's viewport speaks the DevTools protocol directly; Selenium then looks for a
     * matching DevTools binding it does not need and warns on every page. Held here, so the level stays set.
     */
    private static final java.util.logging.Logger CDP_FINDER = quiet("org.openqa.selenium.devtools.CdpVersionFinder");

    public final WebDriver driver;
    public final int width;

    private Browser(WebDriver driver, int width) {
        this.driver = driver;
        this.width = width;
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.SEVERE);
        return logger;
    }

    public static Browser open(int width, boolean javascript, Path dir) {
        return new Browser(chromium(width, javascript, dir), width);
    }

    /**
     * A headless chromium at {@code width}: a phone's viewport below 600 px (phone emulation with
     * JavaScript, which it needs; without, the viewport set through the DevTools protocol), a
     * desk's window otherwise.
     */
    public static WebDriver chromium(int width, boolean javascript, Path dir) {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium or chromedriver is missing (apt-get install chromium chromium-driver): the browser test is skipped");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--no-proxy-server",
                "--user-data-dir=" + dir.resolve("chromium-" + width + "-" + javascript).toAbsolutePath());
        if (!javascript) options.setExperimentalOption("prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
        if (width < 600 && javascript) {
            options.setExperimentalOption("mobileEmulation",
                    Map.of("deviceMetrics", Map.of("width", width, "height", 760, "pixelRatio", 2.0, "touch", true)));
        } else {
            options.addArguments("--window-size=" + width + ",900");
        }
        // The driver named outright: Selenium Manager never runs, so nothing is downloaded.
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        if (width < 600 && !javascript) {
            // Headless chromium keeps a window at least 500 px wide: the phone's viewport is set on the page instead.
            driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                    Map.of("width", width, "height", 760, "deviceScaleFactor", 2, "mobile", true));
        }
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }

    public void go(String url) {
        driver.get(url);
    }

    void press(String label) {
        press(driver, label);
    }

    /** Presses a real button of a real form and waits, bounded, until the next page has replaced this one. */
    public static void press(WebDriver driver, String label) {
        WebElement button = driver.findElement(By.xpath("//button[normalize-space()='" + label + "']"));
        assertEquals("submit", button.getAttribute("type"), "a real button of a real form");
        button.click();
        // A tap may return before the next page replaces this one.
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                button.isEnabled();
            } catch (WebDriverException gone) {
                // Stale, or asked while the old page was going away: either way it is gone.
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

    public String text() {
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
