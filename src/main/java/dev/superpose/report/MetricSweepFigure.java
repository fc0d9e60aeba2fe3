package dev.superpose.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Metrics against a swept parameter, on a log x axis when it spans a decade or more (for SAEs: MMCS and L0 against the L1
 * coefficient), one panel per metric. Trials of one group and x (the seeds) become one point at
 * their mean with a bar of ± its standard error (sample std / √n, as the random-transformer SAE
 * study's figures); each group is a line in its own colour,
 * the same in every panel, named once in a legend under the panels (a legend inside each panel
 * covered much of its data once a sweep had more than a few lines). Points a log axis cannot show
 * (x ≤ 0) and non-finite values are left out.
 */
public final class MetricSweepFigure {
    public static final int PANEL_WIDTH = 520;
    public static final int PANEL_HEIGHT = 420;
    /** Above this many groups the legend is left out: a band of hundreds of names helps nobody. */
    public static final int MAX_LEGEND_ENTRIES = 24;

    private MetricSweepFigure() {
    }

    /** One group's line in one metric: at each x (ascending), the mean and its standard error (sample std / √n) of its finite values. */
    public record SeedLine(String group, double[] x, double[] mean, double[] sem, int[] count) {
    }

    /** Renders the figure and writes it to {@code png}. */
    public static void write(Path png, String title, String xAxis, List<String> metrics, List<SweepPoint> points)
            throws IOException {
        TiledFigure.writePng(png, render(title, xAxis, metrics, points));
    }

    /** {@link TiledFigure#columnsFor} columns of {@link #PANEL_WIDTH} x {@link #PANEL_HEIGHT} panels, one per metric. */
    public static BufferedImage render(String title, String xAxis, List<String> metrics, List<SweepPoint> points) {
        for (SweepPoint p : points) {
            if (p.values().length != metrics.size()) {
                throw new IllegalArgumentException("sweep figure '" + title + "': point of group " + p.group()
                        + " has " + p.values().length + " values for " + metrics.size() + " metrics " + metrics);
            }
        }
        Map<String, Color> colours = new LinkedHashMap<>();
        for (SweepPoint p : points) {
            colours.computeIfAbsent(p.group(), g -> Palette.categorical(colours.size()));
        }
        List<BufferedImage> panels = new ArrayList<>();
        for (int k = 0; k < metrics.size(); k++) {
            panels.add(BitmapEncoder.getBufferedImage(panel(metrics.get(k), xAxis, lines(points, k), colours)));
        }
        long hidden = points.stream().filter(p -> !(p.x() > 0 && Double.isFinite(p.x()))).count();
        String subtitle = "mean \u00b1 sem over seeds" + (hidden > 0 ? "; " + hidden + " trials at " + xAxis
                + " \u2264 0 not shown on the log axis" : "") + (colours.size() > MAX_LEGEND_ENTRIES
                ? "; " + colours.size() + " lines, too many to name" : "");
        List<Legend.Entry> legend = colours.size() > MAX_LEGEND_ENTRIES ? List.of()
                : colours.entrySet().stream().map(e -> new Legend.Entry(e.getKey(), e.getValue())).toList();
        return Legend.below(TiledFigure.tile(title, subtitle, panels), legend);
    }

    /** The lines of metric {@code metric}, groups in order of first appearance. */
    public static List<SeedLine> lines(List<SweepPoint> points, int metric) {
        Map<String, TreeMap<Double, List<Double>>> byGroup = new LinkedHashMap<>();
        for (SweepPoint p : points) {
            TreeMap<Double, List<Double>> byX = byGroup.computeIfAbsent(p.group(), g -> new TreeMap<>());
            double value = p.values()[metric];
            if (p.x() > 0 && Double.isFinite(p.x()) && Double.isFinite(value)) {
                byX.computeIfAbsent(p.x(), x -> new ArrayList<>()).add(value);
            }
        }
        List<SeedLine> lines = new ArrayList<>();
        byGroup.forEach((group, byX) -> {
            if (byX.isEmpty()) {
                return;
            }
            int n = byX.size();
            double[] x = new double[n];
            double[] mean = new double[n];
            double[] sem = new double[n];
            int[] count = new int[n];
            int i = 0;
            for (Map.Entry<Double, List<Double>> e : byX.entrySet()) {
                List<Double> values = e.getValue();
                double m = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                double squares = values.stream().mapToDouble(v -> (v - m) * (v - m)).sum();
                x[i] = e.getKey();
                mean[i] = m;
                sem[i] = values.size() > 1 ? Math.sqrt(squares / (values.size() - 1) / values.size()) : 0;
                count[i] = values.size();
                i++;
            }
            lines.add(new SeedLine(group, x, mean, sem, count));
        });
        return lines;
    }

    /**
     * Whether the x axis is logarithmic: only when the lines' x values span at least a factor of
     * 10. XChart labels a log axis at powers of ten only, so a narrower sweep (expansion factors
     * 2, 4, 8) would get no tick labels; and it cannot range a log axis without data.
     */
    static boolean spansADecade(List<SeedLine> lines) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (SeedLine line : lines) {
            for (double x : line.x()) {
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
        }
        return max >= 10 * min;
    }

    private static XYChart panel(String metric, String xAxis, List<SeedLine> lines, Map<String, Color> colours) {
        XYChart chart = new XYChart(PANEL_WIDTH, PANEL_HEIGHT);
        chart.setTitle(metric);
        chart.setXAxisTitle(xAxis);
        chart.setYAxisTitle(metric);
        XYStyler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        styler.setLegendVisible(false);
        styler.setErrorBarsColorSeriesColor(true);
        styler.setXAxisLogarithmic(spansADecade(lines));
        for (SeedLine line : lines) {
            Color colour = colours.get(line.group());
            XYSeries series = chart.addSeries(line.group(), line.x(), line.mean(), line.sem());
            series.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(colour);
            series.setLineColor(colour).setLineStyle(new BasicStroke(1.5f));
        }
        return chart;
    }
}
