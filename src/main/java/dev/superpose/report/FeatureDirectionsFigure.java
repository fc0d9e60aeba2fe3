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
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The TMS paper's introduction figure for 2 hidden dimensions: one panel per model, each feature
 * drawn as its embedding W_i (a line from the origin with a dot at the tip), coloured by importance.
 */
public final class FeatureDirectionsFigure {
    public static final int PANEL_WIDTH = 280;
    /** Taller than wide by the title's height, so that the plot area itself is about square. */
    public static final int PANEL_HEIGHT = 290;
    /** The axes span [-1.5, 1.5] (unit-norm features fit with room), widened only if a W_i reaches further. */
    private static final double DEFAULT_LIMIT = 1.5;
    private static final ColorMap COLORS = ColorMap.VIRIDIS;

    private FeatureDirectionsFigure() {
    }

    /** Renders the panels (all with {@code hidden == 2}) and writes them to {@code png}. */
    public static void write(Path png, String title, List<PanelWeights> panels) throws IOException {
        TiledFigure.writePng(png, render(title, panels));
    }

    /**
     * Renders the figure: {@link TiledFigure#columnsFor} columns of
     * {@link #PANEL_WIDTH} x {@link #PANEL_HEIGHT} panels. Importance colours share one scale
     * over all panels, so they compare across panels.
     */
    public static BufferedImage render(String title, List<PanelWeights> panels) {
        for (PanelWeights panel : panels) {
            if (panel.hidden() != 2) {
                throw new IllegalArgumentException("feature directions need 2 hidden dimensions, panel '"
                        + panel.title() + "' has " + panel.hidden());
            }
        }
        double minImportance = panels.stream().flatMapToDouble(p -> Arrays.stream(p.importance()))
                .min().orElse(0);
        double maxImportance = panels.stream().flatMapToDouble(p -> Arrays.stream(p.importance()))
                .max().orElse(0);
        double limit = axisLimit(panels);
        List<BufferedImage> images = new ArrayList<>();
        for (PanelWeights panel : panels) {
            images.add(BitmapEncoder.getBufferedImage(panel(panel, limit, minImportance, maxImportance)));
        }
        String subtitle = String.format("each line is a feature's embedding W_i; colour = importance "
                + "(dark %.3g \u2192 yellow %.3g)", minImportance, maxImportance);
        return TiledFigure.tile(title, subtitle, images);
    }

    private static XYChart panel(PanelWeights panel, double limit, double minImportance, double maxImportance) {
        XYChart chart = new XYChart(PANEL_WIDTH, PANEL_HEIGHT);
        chart.setTitle(panel.title());
        XYStyler styler = chart.getStyler();
        styler.setLegendVisible(false);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(new Color(0xF2F2F2));
        styler.setPlotBorderVisible(false);
        styler.setXAxisMin(-limit).setXAxisMax(limit).setYAxisMin(-limit).setYAxisMax(limit);
        styler.setXAxisDecimalPattern("0.#").setYAxisDecimalPattern("0.#");
        // Draw the least important features first so the important ones stay visible on top.
        List<Integer> order = IntStream.range(0, panel.features()).boxed()
                .sorted(Comparator.comparingDouble(i -> panel.importance()[i])).toList();
        for (int i : order) {
            Color color = COLORS.at(panel.importance()[i], minImportance, maxImportance);
            double x = panel.w(0, i);
            double y = panel.w(1, i);
            XYSeries line = chart.addSeries("W" + i, new double[]{0, x}, new double[]{0, y});
            line.setMarker(SeriesMarkers.NONE).setLineColor(color).setLineStyle(new BasicStroke(2f));
            XYSeries tip = chart.addSeries("tip" + i, new double[]{x}, new double[]{y});
            tip.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(color);
        }
        return chart;
    }

    private static double axisLimit(List<PanelWeights> panels) {
        double maxComponent = 0;
        for (PanelWeights panel : panels) {
            for (float v : panel.w()) {
                maxComponent = Math.max(maxComponent, Math.abs(v));
            }
        }
        return Math.max(DEFAULT_LIMIT, Math.ceil(maxComponent * 1.1 * 2) / 2);
    }
}
