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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sparsity/reconstruction trade-off: FVU (log axis) against L0, every trained SAE a dot
 * coloured by architecture, and each architecture's Pareto front (the SAEs no other SAE of that
 * architecture beats on both) joined by a line. Lower and further left is better.
 */
public final class ParetoFigure {
    public static final int WIDTH = 800;
    public static final int HEIGHT = 600;

    private ParetoFigure() {
    }

    public static void write(Path png, String title, List<ParetoPoint> points) throws IOException {
        TiledFigure.writePng(png, render(title, points));
    }

    /**
     * The points no other point dominates (L0 and FVU both at most its own, one of them lower),
     * by ascending L0; of identical points one is kept. Points with a non-finite value are ignored.
     */
    public static List<ParetoPoint> front(List<ParetoPoint> points) {
        List<ParetoPoint> sorted = points.stream().filter(p -> Double.isFinite(p.l0()) && Double.isFinite(p.fvu()))
                .sorted(Comparator.comparingDouble(ParetoPoint::l0).thenComparingDouble(ParetoPoint::fvu)).toList();
        List<ParetoPoint> front = new ArrayList<>();
        double bestFvu = Double.POSITIVE_INFINITY;
        for (ParetoPoint p : sorted) {
            // every earlier point has L0 at most p's, so p survives only by a strictly lower FVU
            if (p.fvu() < bestFvu) {
                front.add(p);
                bestFvu = p.fvu();
            }
        }
        return front;
    }

    /** One {@link #WIDTH} x {@link #HEIGHT} chart. */
    public static BufferedImage render(String title, List<ParetoPoint> points) {
        Map<String, List<ParetoPoint>> byArchitecture = new LinkedHashMap<>();
        for (ParetoPoint p : points) {
            if (p.fvu() > 0 && Double.isFinite(p.fvu()) && Double.isFinite(p.l0())) {
                byArchitecture.computeIfAbsent(p.architecture(), a -> new ArrayList<>()).add(p);
            }
        }
        XYChart chart = new XYChart(WIDTH, HEIGHT);
        chart.setTitle(title);
        chart.setXAxisTitle("L0 (mean active latents)");
        chart.setYAxisTitle("FVU (fraction of variance unexplained)");
        XYStyler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.InsideNE);
        styler.setLegendVisible(!byArchitecture.isEmpty());
        // A log axis shows FVU > 0 only; XChart cannot range it without data.
        styler.setYAxisLogarithmic(!byArchitecture.isEmpty());
        styler.setYAxisLogarithmicDecadeOnly(false);
        int k = 0;
        for (Map.Entry<String, List<ParetoPoint>> e : byArchitecture.entrySet()) {
            Color colour = Palette.categorical(k);
            List<ParetoPoint> all = e.getValue();
            XYSeries dots = chart.addSeries(e.getKey(), all.stream().mapToDouble(ParetoPoint::l0).toArray(),
                    all.stream().mapToDouble(ParetoPoint::fvu).toArray());
            dots.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            dots.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(colour);
            List<ParetoPoint> front = front(all);
            // "\u0000" + index: a legend-less name that cannot clash with an architecture's
            XYSeries line = chart.addSeries("\u0000" + k, front.stream().mapToDouble(ParetoPoint::l0).toArray(),
                    front.stream().mapToDouble(ParetoPoint::fvu).toArray());
            line.setMarker(SeriesMarkers.NONE).setLineColor(colour).setLineStyle(new BasicStroke(2f));
            line.setShowInLegend(false);
            k++;
        }
        return BitmapEncoder.getBufferedImage(chart);
    }
}
