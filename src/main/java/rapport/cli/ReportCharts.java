package rapport.cli;

import java.util.List;
import java.util.Locale;
import org.jsoup.nodes.Entities;
import rapport.selection.LearnedValue;

/**
 * The report's charts as inline SVG, drawn on the server so the page needs no script and no
 * other file: bars across (the funnel), bars by period (weeks, months), lines of rates by period,
 * and a value with its interval per piece. Every chart is a {@code figure} whose SVG is sized by
 * its viewBox, so it shrinks to a phone and grows to a desk; it carries a title and a description
 * for a screen reader, a title on every mark, and its title and legend in HTML above it, which
 * wrap on a narrow screen where text inside the drawing could not. Stateless.
 */
final class ReportCharts {
    /** The width every chart is drawn at; the page scales it. */
    static final int WIDTH = 360;
    /** Left of the plot, for the axis labels. */
    static final int LEFT = 36;
    static final int RIGHT = 8;
    static final int TOP = 10;
    static final int BOTTOM = 24;
    static final int PLOT_HEIGHT = 130;
    /** Okabe and Ito's colours, told apart by people who see colour differently, all dark enough on white. */
    static final List<String> COLOURS = List.of("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#8a6d00", "#56b4e9", "#666666");
    private static final double FONT = 12;

    /** One named row of numbers in a chart by period; a rate is {@code null} where nothing was sent to take it of. */
    record Series(String name, List<? extends Number> values) {}

    /** One bar across: its label, its length, and the part of it drawn lighter ({@code part} of {@code value}). */
    record Bar(String label, long value, long part, String partName) {}

    /** One row of an interval plot: a value and the band it is likely in. */
    record Interval(String label, int value, int low, int high) {}

    private ReportCharts() {}

    /** Bars across, longest scale the largest value, the number at the end of each bar. */
    static String bars(String id, String title, List<Bar> bars) {
        int row = 24;
        int labels = 110;
        int height = TOP + row * bars.size() + 4;
        long max = Math.max(1, bars.stream().mapToLong(Bar::value).max().orElse(1));
        // Room after the longest bar for its number and the dormant among them.
        double length = WIDTH - labels - 100;
        StringBuilder s = open(id, title, bars.size() + " bars, one per stage", height, List.of());
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            double y = TOP + i * row;
            double full = length * b.value() / max;
            double part = length * b.part() / max;
            text(s, labels - 6, y + 15, "end", clip(b.label(), 14), b.label());
            String words = b.label() + ": " + b.value() + (b.part() > 0 ? ", of whom " + b.partName() + " " + b.part() : "");
            rect(s, labels, y + 3, full, row - 8, COLOURS.get(0), words);
            if (b.part() > 0) rect(s, labels + full - part, y + 3, part, row - 8, COLOURS.get(5), words);
            text(s, labels + full + 5, y + 15, "start", b.value() + (b.part() > 0 ? " (" + b.part() + " " + b.partName() + ")" : ""), null);
        }
        return close(s);
    }

    /** Bars by period, one bar for each series side by side, on a scale from nought. */
    static String columns(String id, String title, List<String> periods, List<Series> series) {
        // A scale of at least two, so that its middle line is a whole number too.
        double max = niceMax(Math.max(2, series.stream().flatMap(x -> x.values().stream()).mapToDouble(ReportCharts::value).max().orElse(0)));
        StringBuilder s = open(id, title, periods.size() + " periods from " + first(periods) + " to " + last(periods), height(), series);
        axis(s, max, false);
        double group = plotWidth() / periods.size();
        double bar = group * 0.8 / series.size();
        for (int p = 0; p < periods.size(); p++) {
            for (int k = 0; k < series.size(); k++) {
                double v = value(series.get(k).values().get(p));
                double h = PLOT_HEIGHT * v / max;
                rect(s, LEFT + p * group + group * 0.1 + k * bar, TOP + PLOT_HEIGHT - h, bar, h, COLOURS.get(k % COLOURS.size()),
                        periods.get(p) + ": " + series.get(k).name() + " " + (long) v);
            }
        }
        periodLabels(s, periods);
        return close(s);
    }

    /** Lines of rates by period, a point where a rate could be taken, broken where it could not. */
    static String rates(String id, String title, List<String> periods, List<Series> series) {
        double max = niceMax(Math.max(0.01, series.stream().flatMap(x -> x.values().stream()).mapToDouble(ReportCharts::value).max().orElse(0)));
        StringBuilder s = open(id, title, periods.size() + " periods from " + first(periods) + " to " + last(periods), height(), series);
        axis(s, max, true);
        double group = plotWidth() / periods.size();
        for (int k = 0; k < series.size(); k++) {
            String colour = COLOURS.get(k % COLOURS.size());
            StringBuilder path = new StringBuilder();
            StringBuilder points = new StringBuilder();
            boolean drawing = false;
            for (int p = 0; p < periods.size(); p++) {
                Number n = series.get(k).values().get(p);
                if (n == null) {
                    drawing = false;
                    continue;
                }
                double x = LEFT + (p + 0.5) * group;
                double y = TOP + PLOT_HEIGHT - PLOT_HEIGHT * n.doubleValue() / max;
                path.append(drawing ? " L" : (path.length() > 0 ? " M" : "M")).append(num(x)).append(' ').append(num(y));
                drawing = true;
                points.append("<circle class=\"mark\" cx=\"").append(num(x)).append("\" cy=\"").append(num(y)).append("\" r=\"2.5\" fill=\"")
                        .append(colour).append("\"><title>").append(esc(periods.get(p) + ": " + series.get(k).name() + " " + percent(n.doubleValue())))
                        .append("</title></circle>");
            }
            if (path.length() > 0) {
                s.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"1.5\"/>");
            }
            s.append(points);
        }
        periodLabels(s, periods);
        return close(s);
    }

    /**
     * A dot at each value with a bar across its band, on a scale that holds every band and nought
     * in the middle; the value in figures at the right.
     */
    static String intervals(String id, String title, List<Interval> rows) {
        int row = 20;
        int labels = 140;
        // Room at the right for the value in figures.
        int figures = 50;
        int height = TOP + row * rows.size() + 20;
        int reach = Math.max(1, rows.stream().mapToInt(r -> Math.max(Math.abs(r.low()), Math.abs(r.high()))).max().orElse(1));
        double scale = (WIDTH - labels - figures) / (2.0 * reach);
        double zero = labels + reach * scale;
        StringBuilder s = open(id, title, rows.size() + " pieces, each a learned value with its band, from -" + reach + " to +" + reach, height, List.of());
        double bottom = TOP + row * rows.size();
        s.append("<line x1=\"").append(num(zero)).append("\" y1=\"").append(TOP - 4).append("\" x2=\"").append(num(zero)).append("\" y2=\"")
                .append(num(bottom)).append("\" stroke=\"#888\" stroke-dasharray=\"3 3\"/>");
        for (int at : new int[] {-reach, 0, reach}) {
            text(s, zero + at * scale, bottom + 14, "middle", (at > 0 ? "+" : "") + at, null);
        }
        for (int i = 0; i < rows.size(); i++) {
            Interval r = rows.get(i);
            double y = TOP + i * row + row / 2.0;
            text(s, labels - 6, y + 3.5, "end", clip(r.label(), 19), r.label());
            text(s, WIDTH - 4, y + 3.5, "end", LearnedValue.signed(r.value()), null);
            String words = r.label() + ": learned " + LearnedValue.signed(r.value()) + ", likely between " + LearnedValue.signed(r.low()) + " and " + LearnedValue.signed(r.high());
            String colour = r.value() < 0 ? COLOURS.get(1) : COLOURS.get(0);
            s.append("<g class=\"mark\"><title>").append(esc(words)).append("</title><line x1=\"").append(num(zero + r.low() * scale))
                    .append("\" y1=\"").append(num(y)).append("\" x2=\"").append(num(zero + r.high() * scale)).append("\" y2=\"").append(num(y))
                    .append("\" stroke=\"").append(colour).append("\" stroke-width=\"3\" stroke-linecap=\"round\" opacity=\"0.45\"/>")
                    .append("<circle cx=\"").append(num(zero + r.value() * scale)).append("\" cy=\"").append(num(y))
                    .append("\" r=\"4\" fill=\"").append(colour).append("\"/></g>");
        }
        return close(s);
    }

    static String percent(double rate) {
        return Math.round(rate * 100) + "%";
    }

    /**
     * The smallest of 1, 2, 4, 6 or 8 times a power of ten at or above {@code max}: a scale read at
     * a glance, whose middle is as round as its top.
     */
    static double niceMax(double max) {
        if (max <= 0) return 1;
        double power = Math.pow(10, Math.floor(Math.log10(max)));
        for (double step : new double[] {1, 2, 4, 6, 8, 10}) {
            if (step * power >= max - 1e-9) return step * power;
        }
        return 10 * power;
    }

    private static int height() {
        return TOP + PLOT_HEIGHT + BOTTOM;
    }

    private static double plotWidth() {
        return WIDTH - LEFT - RIGHT;
    }

    private static double value(Number n) {
        return n == null ? 0 : n.doubleValue();
    }

    /** The figure, its title shown above the drawing with the legend, and the drawing's start. */
    private static StringBuilder open(String id, String title, String description, int height, List<Series> legend) {
        StringBuilder s = new StringBuilder(4096);
        s.append("<figure class=\"chart\"><figcaption><span class=\"caption\">").append(esc(title)).append("</span>");
        // One series is named by the title.
        if (legend.size() > 1) {
            s.append("<ul class=\"legend\">");
            for (int k = 0; k < legend.size(); k++) {
                s.append("<li><span class=\"key\" style=\"background:").append(COLOURS.get(k % COLOURS.size())).append("\"></span>")
                        .append(esc(legend.get(k).name())).append("</li>");
            }
            s.append("</ul>");
        }
        s.append("</figcaption><svg id=\"").append(id).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" role=\"img\" aria-labelledby=\"").append(id).append("-title ").append(id).append("-desc\" font-size=\"")
                .append(num(FONT)).append("\" font-family=\"sans-serif\"><title id=\"").append(id).append("-title\">").append(esc(title))
                .append("</title><desc id=\"").append(id).append("-desc\">").append(esc(description)).append("</desc>");
        return s;
    }

    private static String close(StringBuilder s) {
        return s.append("</svg></figure>\n").toString();
    }

    /** The horizontal lines at nought, half and the top of the scale, labelled. */
    private static void axis(StringBuilder s, double max, boolean rates) {
        for (double f : new double[] {0, 0.5, 1}) {
            double y = TOP + PLOT_HEIGHT - PLOT_HEIGHT * f;
            s.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(num(y)).append("\" x2=\"").append(WIDTH - RIGHT)
                    .append("\" y2=\"").append(num(y)).append("\" stroke=\"").append(f == 0 ? "#888" : "#ddd").append("\"/>");
            double v = max * f;
            String label = rates ? percent(v) : (v == Math.rint(v) ? String.valueOf((long) v) : num(v));
            text(s, LEFT - 4, y + 3.5, "end", label, null);
        }
    }

    /** The most recent period and every few before it, so the labels never touch. */
    private static void periodLabels(StringBuilder s, List<String> periods) {
        double group = plotWidth() / periods.size();
        int widest = periods.stream().mapToInt(String::length).max().orElse(1);
        int every = Math.max(1, (int) Math.ceil((widest * FONT * 0.6 + 8) / group));
        for (int p = periods.size() - 1; p >= 0; p -= every) {
            double x = LEFT + (p + 0.5) * group;
            double half = periods.get(p).length() * FONT * 0.3;
            String anchor = x + half > WIDTH ? "end" : x - half < 0 ? "start" : "middle";
            text(s, anchor.equals("end") ? WIDTH - 1 : x, TOP + PLOT_HEIGHT + 17, anchor, periods.get(p), null);
        }
    }

    private static void rect(StringBuilder s, double x, double y, double w, double h, String fill, String title) {
        s.append("<rect class=\"mark\" x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"").append(num(w))
                .append("\" height=\"").append(num(h)).append("\" fill=\"").append(fill).append("\"><title>").append(esc(title))
                .append("</title></rect>");
    }

    private static void text(StringBuilder s, double x, double y, String anchor, String text, String title) {
        s.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" text-anchor=\"").append(anchor)
                .append("\" fill=\"#222\">");
        if (title != null && !title.equals(text)) s.append("<title>").append(esc(title)).append("</title>");
        s.append(esc(text)).append("</text>");
    }

    private static String clip(String label, int chars) {
        return label.length() <= chars ? label : label.substring(0, chars - 1) + "…";
    }

    private static String first(List<String> periods) {
        return periods.isEmpty() ? "" : periods.get(0);
    }

    private static String last(List<String> periods) {
        return periods.isEmpty() ? "" : periods.get(periods.size() - 1);
    }

    /** Coordinates to a tenth: enough for any screen, short enough to read in a test. */
    static String num(double v) {
        double r = Math.round(v * 10) / 10.0;
        return r == Math.rint(r) ? String.valueOf((long) r) : String.format(Locale.ROOT, "%.1f", r);
    }

    private static String esc(String text) {
        return Entities.escape(text);
    }
}
