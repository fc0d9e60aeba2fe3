package dev.superpose.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;

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
        ArrowsChart.requirePlanar(panels);
        double minImportance = panels.stream().flatMapToDouble(p -> Arrays.stream(p.importance()))
                .min().orElse(0);
        double maxImportance = panels.stream().flatMapToDouble(p -> Arrays.stream(p.importance()))
                .max().orElse(0);
        double limit = ArrowsChart.limit(panels);
        List<BufferedImage> images = new ArrayList<>();
        for (PanelWeights panel : panels) {
            images.add(BitmapEncoder.getBufferedImage(panel(panel, limit, minImportance, maxImportance)));
        }
        String subtitle = "each line is a feature's embedding W\u1d62; "
                + ImportanceLegend.text(minImportance, maxImportance);
        return TiledFigure.tile(title, subtitle, images);
    }

    private static XYChart panel(PanelWeights panel, double limit, double minImportance, double maxImportance) {
        // Draw the least important features first so the important ones stay visible on top.
        List<ArrowsChart.Arrow> arrows = IntStream.range(0, panel.features()).boxed()
                .sorted(Comparator.comparingDouble(i -> panel.importance()[i]))
                .map(i -> new ArrowsChart.Arrow(panel.w(0, i), panel.w(1, i),
                        COLORS.at(panel.importance()[i], minImportance, maxImportance)))
                .toList();
        return ArrowsChart.chart(panel.title(), PANEL_WIDTH, PANEL_HEIGHT, limit, arrows);
    }
}
