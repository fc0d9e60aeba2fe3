package dev.superpose.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Representational similarity per grid point: one panel per measure (CKA, Procrustes, RSA), the
 * grid points 1, 2, … along x, and per kind of comparison (a dictionary against the true features,
 * two seeds' dictionaries against each other, and their random-rotation baselines) a line of the
 * mean ± sem over the seeds or seed pairs of each point. Points without values are left out.
 */
public final class SimilarityFigure {
    public static final int PANEL_WIDTH = 480;
    public static final int PANEL_HEIGHT = 440;

    private SimilarityFigure() {
    }

    /** One kind of comparison in one measure: per grid point, the values of its seeds or seed pairs. */
    public record Line(String name, List<double[]> valuesPerPoint) {
    }

    /** One measure's panel. */
    public record Panel(String measure, List<Line> lines) {
    }

    public static void write(Path png, String title, String subtitle, List<Panel> panels) throws IOException {
        List<BufferedImage> images = new ArrayList<>();
        for (Panel panel : panels) {
            images.add(BitmapEncoder.getBufferedImage(chart(panel)));
        }
        TiledFigure.writePng(png, TiledFigure.tile(title, subtitle, images));
    }

    private static XYChart chart(Panel panel) {
        XYChart chart = new XYChart(PANEL_WIDTH, PANEL_HEIGHT);
        chart.setTitle(panel.measure());
        chart.setXAxisTitle("grid point");
        chart.setYAxisTitle(panel.measure());
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        // Below the plot: inside it, the legend covered the lines near the top (CKA of 0.85 and more).
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        for (int k = 0; k < panel.lines().size(); k++) {
            Line line = panel.lines().get(k);
            List<Double> x = new ArrayList<>();
            List<Double> mean = new ArrayList<>();
            List<Double> sem = new ArrayList<>();
            for (int p = 0; p < line.valuesPerPoint().size(); p++) {
                double[] values = java.util.Arrays.stream(line.valuesPerPoint().get(p)).filter(Double::isFinite).toArray();
                if (values.length == 0) {
                    continue;
                }
                double m = java.util.Arrays.stream(values).average().orElseThrow();
                double squares = java.util.Arrays.stream(values).map(v -> (v - m) * (v - m)).sum();
                x.add(p + 1.0);
                mean.add(m);
                sem.add(values.length > 1 ? Math.sqrt(squares / (values.length - 1) / values.length) : 0);
            }
            if (x.isEmpty()) {
                continue;
            }
            Color colour = Palette.categorical(k);
            XYSeries series = chart.addSeries(line.name(), x, mean, sem);
            series.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(colour);
            series.setLineColor(colour).setLineStyle(new BasicStroke(1.5f));
        }
        return chart;
    }
}
