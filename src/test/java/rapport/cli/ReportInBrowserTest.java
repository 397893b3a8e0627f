package rapport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import rapport.tracking.Browser;

/**
 * The report page of a season's sends, opened from the disk in a real browser (Debian's headless
 * chromium) on a 375 px phone and on a desk: every chart drawn with its marks, nothing wider than
 * the screen, and the whole page saved as {@code target/screenshots/report-WIDTH.png} to be
 * looked at. Skipped only when chromium or chromedriver is not installed.
 */
class ReportInBrowserTest {
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final List<String> CHARTS = List.of("funnel", "stages", "sent", "rates", "ratings", "learned", "club");

    @TempDir Path dir;

    @Test
    void theReportOfASeasonDrawsEveryChartAndFitsAPhoneAndADesk() throws Exception {
        Path ws = ReportWorkspace.season(dir);
        Path html = ws.resolve("reports/season.html");
        JsonNode report = ReportWorkspace.report(ws, html);
        assertTrue(report.get("stages_by_month").size() == 12 && report.get("weeks").size() == 26, report.toString());
        JsonNode months = report.get("stages_by_month");
        assertEquals(List.of("month", "reached_acquaintance", "reached_friend", "reached_partner", "went_dormant", "came_back"),
                keys(months.get(11)));
        for (String stage : List.of("acquaintance", "friend", "partner")) {
            long reached = 0;
            for (JsonNode month : months) reached += month.get("reached_" + stage).asLong();
            assertEquals(promotions(ws, stage), reached, "every move up to " + stage + " the stage passes made: " + months);
        }
        assertTrue(promotions(ws, "acquaintance") > 0, "the season's answers moved people up");
        assertEquals("2026-10", months.get(10).get("month").asText());
        assertEquals(List.of(1L, 0L), List.of(months.get(10).get("went_dormant").asLong(), months.get(10).get("came_back").asLong()));
        assertEquals(List.of(0L, 1L), List.of(months.get(11).get("went_dormant").asLong(), months.get(11).get("came_back").asLong()));
        String text = CliRun.run(ws, "report", "--as-of", ReportWorkspace.AS_OF).out();
        assertTrue(text.contains("How the stages moved, month by month"), text);
        assertTrue(text.matches("(?s).*\\n  2026-10 +" + months.get(10).get("reached_acquaintance") + " +" + months.get(10).get("reached_friend")
                + " +" + months.get(10).get("reached_partner") + " +1 +0\\n.*"), "October in the text as in the JSON: " + text);

        for (int width : new int[] {375, 1280}) {
            WebDriver driver = Browser.chromium(width, true, dir);
            try {
                driver.get(html.toUri().toString());
                JavascriptExecutor js = (JavascriptExecutor) driver;
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> charts = (List<Map<String, Object>>) js.executeScript(
                        "return [...document.querySelectorAll('svg')].map(s => { const b = s.getBoundingClientRect();"
                                + " return {id: s.id, width: b.width, height: b.height, right: b.right,"
                                + " marks: s.querySelectorAll('.mark').length, title: s.querySelector('title').textContent}; })");
                assertEquals(CHARTS, charts.stream().map(c -> c.get("id")).toList(), "every chart, in the order of the page");
                long viewport = ((Number) js.executeScript("return window.innerWidth")).longValue();
                for (Map<String, Object> c : charts) {
                    double w = ((Number) c.get("width")).doubleValue();
                    assertTrue(w > 100 && ((Number) c.get("height")).doubleValue() > 50, "drawn at " + width + " px: " + c);
                    assertTrue(((Number) c.get("right")).doubleValue() <= viewport, "inside the screen at " + width + " px: " + c);
                    assertTrue(((Number) c.get("marks")).longValue() > 0, "with its marks: " + c);
                    assertTrue(!((String) c.get("title")).isBlank(), "with a title a screen reader reads: " + c);
                }
                long scroll = ((Number) js.executeScript("return document.documentElement.scrollWidth")).longValue();
                assertTrue(scroll <= viewport, "no sideways scrolling at " + width + " px: " + scroll + " > " + viewport);
                String shown = (String) js.executeScript("return document.body.innerText");
                assertTrue(shown.contains("Week by week") && shown.contains("waiting for a personal answer"), shown);
                wholePage(driver, "report-" + width + ".png");
            } finally {
                driver.quit();
            }
        }
    }

    /** The stage events that moved someone up to {@code stage}, as the stage pass words them. */
    private static long promotions(Path ws, String stage) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + ws.resolve("data/rapport") + ";AUTO_SERVER=TRUE", "sa", "");
             PreparedStatement st = c.prepareStatement("select count(*) from events where type = 'stage' and detail like ?")) {
            st.setString(1, "% → " + stage + ": %");
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static List<String> keys(JsonNode object) {
        List<String> keys = new ArrayList<>();
        object.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** The whole page, not only the screen's worth, for a person to look at. */
    private static void wholePage(WebDriver driver, String name) throws Exception {
        ChromeDriver chrome = (ChromeDriver) driver;
        @SuppressWarnings("unchecked")
        Map<String, Object> size = (Map<String, Object>) chrome.executeCdpCommand("Page.getLayoutMetrics", Map.of()).get("cssContentSize");
        Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", size.get("width"), "height", size.get("height"), "scale", 1);
        Map<String, Object> shot = chrome.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name), Base64.getDecoder().decode((String) shot.get("data")));
    }
}
