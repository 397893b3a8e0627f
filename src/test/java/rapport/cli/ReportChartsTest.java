package rapport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import rapport.cli.ReportCharts.Bar;
import rapport.cli.ReportCharts.Interval;
import rapport.cli.ReportCharts.Series;

/**
 * The report's charts for known figures: each bar, point and band where the numbers put it, on a
 * scale read at a glance, named for a screen reader. The plot of a bar chart starts 36 units in
 * and is 316 wide and 130 high, its top 10 units down.
 */
class ReportChartsTest {

    @Test
    void barsByPeriodStandOnTheScaleFromNoughtSideBySide() {
        String svg = ReportCharts.columns("club", "The club by month", List.of("2026-10", "2026-11"),
                List.of(new Series("signups", List.of(2, 4)), new Series("confirmations", List.of(1, 0))));
        assertEquals(List.of(
                        "x=\"51.8\" y=\"75\" width=\"63.2\" height=\"65\" fill=\"#0072b2\"><title>2026-10: signups 2",
                        "x=\"115\" y=\"107.5\" width=\"63.2\" height=\"32.5\" fill=\"#d55e00\"><title>2026-10: confirmations 1",
                        "x=\"209.8\" y=\"10\" width=\"63.2\" height=\"130\" fill=\"#0072b2\"><title>2026-11: signups 4",
                        "x=\"273\" y=\"140\" width=\"63.2\" height=\"0\" fill=\"#d55e00\"><title>2026-11: confirmations 0"),
                marks(svg, "<rect class=\"mark\" ([^<]*<title>[^<]*)</title>"));
        assertTrue(svg.contains("role=\"img\" aria-labelledby=\"club-title club-desc\""), svg);
        assertTrue(svg.contains("<title id=\"club-title\">The club by month</title>"), svg);
        assertTrue(svg.contains("<desc id=\"club-desc\">2 periods from 2026-10 to 2026-11</desc>"), svg);
        assertTrue(svg.contains("<li><span class=\"key\" style=\"background:#d55e00\"></span>confirmations</li>"), "a legend in HTML");
        assertTrue(svg.contains("text-anchor=\"end\" fill=\"#222\">4</text>") && svg.contains(">2</text>"), "the scale's top and middle");
    }

    @Test
    void aRateIsAPointOnALineThatBreaksWhereNothingWasSent() {
        String svg = ReportCharts.rates("rates", "Opened", List.of("7 Sep", "14 Sep", "21 Sep"),
                List.of(new Series("opened", Arrays.asList(0.5, null, 1.0))));
        assertTrue(svg.contains("<path d=\"M88.7 75 M299.3 10\""), "a break where no rate could be taken: " + svg);
        assertEquals(List.of("cx=\"88.7\" cy=\"75\" r=\"2.5\" fill=\"#0072b2\"><title>7 Sep: opened 50%",
                "cx=\"299.3\" cy=\"10\" r=\"2.5\" fill=\"#0072b2\"><title>21 Sep: opened 100%"), marks(svg, "<circle class=\"mark\" ([^<]*<title>[^<]*)</title>"));
        assertTrue(svg.contains(">100%</text>") && svg.contains(">50%</text>") && svg.contains(">0%</text>"), svg);
    }

    @Test
    void aLearnedValueIsADotOnItsBandAroundNought() {
        // The widest band reaches 10: the scale runs from -10 to +10, nought at 225, 8.5 units to a point.
        String svg = ReportCharts.intervals("learned", "Learned value", List.of(new Interval("welcome", 5, -2, 10),
                new Interval("a-piece-with-a-long-name", -4, -8, 0)));
        assertTrue(svg.contains("<title>welcome: learned +5, likely between -2 and +10</title><line x1=\"208\" y1=\"20\" x2=\"310\" y2=\"20\""), svg);
        assertTrue(svg.contains("<circle cx=\"267.5\" cy=\"20\" r=\"4\" fill=\"#0072b2\"/>"), svg);
        assertTrue(svg.contains("<line x1=\"157\" y1=\"40\" x2=\"225\" y2=\"40\" stroke=\"#d55e00\""), "below nought in the other colour: " + svg);
        assertTrue(svg.contains("<circle cx=\"191\" cy=\"40\" r=\"4\" fill=\"#d55e00\"/>"), svg);
        assertTrue(svg.contains("<title>a-piece-with-a-long-name</title>a-piece-with-a-lon…</text>"), "a long name cut, whole in its title: " + svg);
        assertTrue(svg.contains(">-10</text>") && svg.contains(">+10</text>") && svg.contains(">+5</text>") && svg.contains(">-4</text>"), svg);
    }

    @Test
    void aStagesBarIsAsLongAsItsCustomersWithTheDormantDrawnLighterAtItsEnd() {
        String svg = ReportCharts.bars("funnel", "Funnel", List.of(new Bar("new", 10, 0, "dormant"), new Bar("friend", 5, 2, "dormant")));
        List<String> rects = marks(svg, "<rect class=\"mark\" ([^>]*)>");
        assertEquals(List.of("x=\"110\" y=\"13\" width=\"150\" height=\"16\" fill=\"#0072b2\"",
                "x=\"110\" y=\"37\" width=\"75\" height=\"16\" fill=\"#0072b2\"",
                "x=\"155\" y=\"37\" width=\"30\" height=\"16\" fill=\"#56b4e9\""), rects);
        assertTrue(svg.contains(">5 (2 dormant)</text>"), svg);
        assertTrue(svg.startsWith("<figure class=\"chart\"><figcaption><span class=\"caption\">Funnel</span></figcaption><svg"), "its title shown: " + svg);
        assertFalse(svg.contains("class=\"legend\""), "one series needs no legend");
    }

    @Test
    void aScaleEndsAtARoundNumberAtOrAboveTheLargest() {
        assertEquals(List.of(1.0, 4.0, 6.0, 8.0, 20.0, 0.4, 1.0, 400.0),
                List.of(0.0, 3.0, 5.0, 7.0, 11.0, 0.35, 1.0, 310.0).stream().map(ReportCharts::niceMax).toList());
    }

    @Test
    void wordsInAChartAreEscaped() {
        String svg = ReportCharts.bars("funnel", "Funnel <b>", List.of(new Bar("a&b", 1, 0, "dormant")));
        assertTrue(svg.contains("Funnel &lt;b&gt;") && svg.contains(">a&amp;b</text>"), svg);
    }

    private static List<String> marks(String svg, String regex) {
        Matcher m = Pattern.compile(regex).matcher(svg);
        List<String> found = new java.util.ArrayList<>();
        while (m.find()) found.add(m.group(1));
        return found;
    }
}
