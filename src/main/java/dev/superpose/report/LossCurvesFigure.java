package dev.superpose.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Loss against training step for many trials on a log-y axis, one line per trial.
 *
 * <p>Without groups every curve gets its own colour and a legend entry (the legend is left out
 * above {@link #MAX_LEGEND_ENTRIES} curves). With groups, curves of one group share a colour and the
 * legend lists the groups. Up to the categorical palette's size colours are distinct hues; beyond
 * it they run along viridis in grid order, so that neighbouring grid points get neighbouring
 * colours instead of repeated ones. Points that a log axis cannot show (loss ≤ 0, NaN, infinite)
 * are skipped.
 */
public final class LossCurvesFigure {
    public static final int WIDTH = 900;
    public static final int HEIGHT = 600;
    public static final int MAX_LEGEND_ENTRIES = 24;

    private LossCurvesFigure() {
    }

    /** Renders the curves and writes them to {@code png}. */
    public static void write(Path png, String title, List<LossCurve> curves) throws IOException {
        TiledFigure.writePng(png, render(title, curves));
    }

    /** Renders the curves as one {@link #WIDTH} x {@link #HEIGHT} chart. */
    public static BufferedImage render(String title, List<LossCurve> curves) {
        Set<String> labels = new HashSet<>();
        for (LossCurve curve : curves) {
            if (!labels.add(curve.label())) {
                throw new IllegalArgumentException("loss curves '" + title + "': duplicate label " + curve.label());
            }
        }
        XYChart chart = new XYChart(WIDTH, HEIGHT);
        chart.setTitle(title);
        chart.setXAxisTitle("step");
        chart.setYAxisTitle("loss");
        XYStyler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setXAxisDecimalPattern("#,##0");
        // Steps are logged at even intervals, so XChart puts a tick on every k-th logged step and
        // ignores the tick-spacing hint; upright labels then ran together at 10,000 steps
        // ("1,2501,850"). Slanted labels take the room XChart's label-size check expects.
        styler.setXAxisLabelRotation(45);

        boolean grouped = curves.stream().anyMatch(c -> c.group() != null);
        long colours = grouped ? curves.stream().map(c -> Objects.toString(c.group(), "(none)")).distinct().count()
                : curves.size();
        Map<String, Color> groupColours = new LinkedHashMap<>();
        int drawn = 0;
        for (int k = 0; k < curves.size(); k++) {
            LossCurve curve = curves.get(k);
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            addPlottablePoints(curve, x, y);
            if (x.isEmpty()) {
                continue; // nothing a log axis can show; an empty series would break XChart's axis range
            }
            Color colour;
            String name;
            boolean inLegend;
            if (grouped) {
                String group = Objects.toString(curve.group(), "(none)");
                inLegend = !groupColours.containsKey(group);
                colour = groupColours.computeIfAbsent(group, g -> colour(groupColours.size(), colours));
                // Only each group's first curve carries the group's name into the legend; the others
                // need unique names that cannot clash with a group's.
                name = inLegend ? group : "\u0000" + k;
            } else {
                colour = colour(drawn, colours);
                name = curve.label();
                inLegend = true;
            }
            XYSeries series = chart.addSeries(name, x, y);
            series.setMarker(SeriesMarkers.NONE).setLineColor(colour).setLineStyle(new BasicStroke(1.2f));
            series.setShowInLegend(inLegend);
            drawn++;
        }
        int legendEntries = grouped ? groupColours.size() : drawn;
        styler.setLegendVisible(legendEntries > 0 && legendEntries <= MAX_LEGEND_ENTRIES);
        // XChart cannot range a log axis without data, so an empty chart stays linear.
        styler.setYAxisLogarithmic(drawn > 0);
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** Colour {@code k} of {@code n}: distinct hues while the palette has enough, else a viridis ramp. */
    static Color colour(int k, long n) {
        return n <= Palette.SIZE ? Palette.categorical(k) : ColorMap.VIRIDIS.at(k / (double) (n - 1));
    }

    /** The points a log axis can show: loss finite and above 0. */
    private static void addPlottablePoints(LossCurve curve, List<Double> x, List<Double> y) {
        for (int s = 0; s < curve.steps().length; s++) {
            double loss = curve.loss()[s];
            if (loss > 0 && Double.isFinite(loss)) {
                x.add((double) curve.steps()[s]);
                y.add(loss);
            }
        }
    }
}
