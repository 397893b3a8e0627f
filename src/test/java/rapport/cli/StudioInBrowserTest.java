package rapport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import rapport.tracking.Browser;

/**
 * The studio as a marketer uses it, in headless chromium on a phone and on a desk: the catalog,
 * a customer found by name, their note, a template edited and broken while the page is open
 * (no reload by hand), and a test copy sent. Screenshots in {@code target/screenshots/studio-*}.
 */
class StudioInBrowserTest {
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /**
     * How long a page may take to follow an edit by itself. StudioTest holds the stream to two
     * seconds; here the page also reloads and is drawn again, on a machine other builds share.
     */
    private static final Duration LIVE = Duration.ofSeconds(15);

    @TempDir static Path dir;
    static StudioFixture fixture;

    @BeforeAll
    static void start() {
        fixture = StudioFixture.start(dir.resolve("ws"));
    }

    @AfterAll
    static void stop() {
        if (fixture != null) fixture.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {375, 1280})
    void aMarketerFindsACustomerSeesTheirNoteWatchesEditsArriveAndSendsATest(int width) throws Exception {
        Path welcome = fixture.ws.resolve("templates/welcome.ftlh");
        Path pearl = fixture.ws.resolve("templates/pearl-care.ftlh");
        String welcomeText = Files.readString(welcome);
        String pearlText = Files.readString(pearl);
        try (Browser browser = Browser.open(width, true, dir)) {
            WebDriver driver = browser.driver;
            browser.go(fixture.studio.url());
            // The first catalog may say "counting…": it redraws itself once the week's count is done.
            waitFor("the catalog with each piece's week counted", () -> driver.findElement(By.tagName("h1")).getText().equals("Catalog")
                    && counted(browser));
            assertFalse(driver.getCurrentUrl().contains("key="), "the key leaves the address bar");
            assertTrue(browser.text().contains("fails lint: never sent"), browser.text());
            fits(driver, width, "catalog");

            // A lint error appears in place while the catalog is open.
            Files.writeString(pearl, pearlText.replace("<@layout.signature/>", "<@layout.signature/>\n<#if>"));
            waitFor("pearl-care's card shows its error", () -> card(driver, "pearl-care").contains("error:") && counted(browser));
            fits(driver, width, "catalog-lint-error");
            Files.writeString(pearl, pearlText);
            waitFor("the error is gone once fixed", () -> !card(driver, "pearl-care").contains("error:") && counted(browser));

            WebElement search = driver.findElement(By.id("q"));
            search.sendKeys("Kaplan");
            Browser.press(driver, "Find");
            driver.findElement(By.linkText("zoe.kaplan@example.com")).click();
            waitFor("Zoë's page", () -> driver.findElement(By.tagName("h1")).getText().equals("zoe.kaplan@example.com"));
            assertTrue(browser.text().contains("Due: yes"), browser.text());
            assertTrue(browser.text().contains("Chosen: welcome"), browser.text());
            assertTrue(frameText(driver, 0).contains("Hi Zoë,"));
            Object phoneFrame = ((JavascriptExecutor) driver).executeScript("return document.querySelector('iframe').clientWidth");
            if (width > 375) assertEquals(375L, phoneFrame, "the phone frame's inside is a phone's width");
            else assertTrue(((Number) phoneFrame).longValue() < 375, "on a phone the phone frame fits the screen");
            fits(driver, width, "customer");

            driver.findElement(By.cssSelector("#piece option[value='welcome']")).click();
            Browser.press(driver, "Show");
            waitFor("the welcome piece shown", () -> browser.text().contains("The piece welcome for this customer"));
            Files.writeString(welcome, welcomeText.replace("<p>Hi ${customer.firstName!\"there\"},</p>",
                    "<p>Hello again at " + width + ", ${customer.firstName!\"there\"},</p>"));
            waitFor("the edit in the frame", () -> frameText(driver, 0).contains("Hello again at " + width + ", Zoë,"));
            Files.writeString(welcome, welcomeText.replace("<@layout.signature/>", "<@layout.signature/>\n<#if>"));
            waitFor("the error where the note was", () -> driver.findElements(By.id("preview-error")).size() == 1);
            assertTrue(driver.findElement(By.id("preview-error")).getText().startsWith("Cannot render:"));
            fits(driver, width, "customer-error");
            Files.writeString(welcome, welcomeText);
            waitFor("the note is back", () -> driver.findElements(By.tagName("iframe")).size() == 2);

            String me = "me-" + width + "@kosmima.example";
            int before = fixture.live.mail.getReceivedMessages().length;
            driver.findElement(By.id("to")).sendKeys(me);
            Browser.press(driver, "Send me a test");
            waitFor("the notice", () -> browser.text().contains("A test copy is on its way to " + me));
            fits(driver, width, "test-sent");
            assertTrue(fixture.live.mail.waitForIncomingEmail(5000, before + 1));
            MimeMessage m = Received.by(fixture.live.mail, me);
            assertEquals("[TEST] Welcome to Kosmima, Zoë", m.getSubject());
        } finally {
            Files.writeString(welcome, welcomeText);
            Files.writeString(pearl, pearlText);
        }
    }

    private static String card(WebDriver driver, String piece) {
        return driver.findElement(By.id("piece-" + piece)).getText();
    }

    private static String frameText(WebDriver driver, int index) {
        try {
            driver.switchTo().frame(driver.findElements(By.tagName("iframe")).get(index));
            return driver.findElement(By.tagName("body")).getText();
        } finally {
            driver.switchTo().defaultContent();
        }
    }

    /** Whether the catalog shows the week's count (a page drawn while counting reloads itself when it ends). */
    private static boolean counted(Browser browser) {
        String text = browser.text();
        return text.contains("customers are due a note") && !text.contains("counting…");
    }

    /** Waits, bounded, for what a live page should come to show by itself; a page mid-reload is asked again. */
    private static void waitFor(String what, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + LIVE.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.get()) return;
            } catch (WebDriverException | IndexOutOfBoundsException reloading) {
                // The page is being replaced: ask the next one.
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not within " + LIVE.toSeconds() + " s: " + what);
    }

    /** No sideways scrolling of the page itself; a screenshot to look at. */
    private static void fits(WebDriver driver, int width, String shot) throws IOException {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        long viewport = ((Number) js.executeScript("return window.innerWidth")).longValue();
        long scroll = ((Number) js.executeScript("return document.documentElement.scrollWidth")).longValue();
        assertTrue(scroll <= viewport, shot + ": no sideways scrolling: " + scroll + " > " + viewport);
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve("studio-" + width + "-" + shot + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }
}
