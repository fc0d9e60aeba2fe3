package dev.superpose.report;

import org.knowm.xchart.BitmapEncoder;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The TMS paper's sparsity sweep (§2–3, "Demonstrating Superposition"): one column per feature
 * density, and in each column WᵀW with the bias b as an extra column above the bars of ||W_i||,
 * coloured black (dedicated) to yellow (superposed). Each row is one model variant (e.g. linear
 * and ReLU output), so the two compare column by column; colours and bar lengths share one scale
 * over the whole figure.
 */
public final class SparsitySweepFigure {
    /** One row of the figure: a model variant and its models in column order. */
    public record Row(String label, List<PanelWeights> panels) {
        public Row {
            panels = List.copyOf(panels);
        }
    }

    public static final int CELL_WIDTH = 300;
    public static final int HEATMAP_HEIGHT = 320;
    public static final int BARS_HEIGHT = 220;
    public static final int CELL_HEIGHT = HEATMAP_HEIGHT + BARS_HEIGHT;

    private SparsitySweepFigure() {
    }

    /** Renders the rows and writes them to {@code png}. */
    public static void write(Path png, String title, List<Row> rows) throws IOException {
        TiledFigure.writePng(png, render(title, rows));
    }

    /**
     * Renders the figure: one {@link #CELL_WIDTH} x {@link #CELL_HEIGHT} cell per model, a row of
     * cells per {@link Row}, as many columns as the longest row (shorter rows end in blank cells).
     * Panel titles read "row label, panel title", e.g. "ReLU, 1−S = 0.1".
     */
    public static BufferedImage render(String title, List<Row> rows) {
        List<PanelWeights> all = rows.stream().flatMap(r -> r.panels().stream()).toList();
        if (all.isEmpty()) {
            throw new IllegalArgumentException("figure '" + title + "' has no models to draw");
        }
        double range = GramHeatmapFigure.colourRange(all);
        double maxNorm = 0;
        for (PanelWeights panel : all) {
            for (int i = 0; i < panel.features(); i++) {
                maxNorm = Math.max(maxNorm, panel.norm(i));
            }
        }
        maxNorm = maxNorm > 0 ? 1.05 * maxNorm : 1;
        int columns = rows.stream().mapToInt(r -> r.panels().size()).max().orElse(1);
        List<BufferedImage> cells = new ArrayList<>();
        for (Row row : rows) {
            for (int c = 0; c < columns; c++) {
                cells.add(c < row.panels().size() ? cell(row.label(), row.panels().get(c), range, maxNorm) : blank());
            }
        }
        String subtitle = String.format("top: W\u1d40W, last column bias b (blue -%.3g, white 0, red +%.3g);  "
                + "bottom: each feature's length \u2016W\u1d62\u2016, black = dedicated \u2192 yellow = superposed (the other"
                + " features' squared projections onto its direction sum to \u2265 %s)", range, range, GramHeatmapFigure.FULL_INTERFERENCE);
        return TiledFigure.tile(title, subtitle, cells, columns);
    }

    private static BufferedImage cell(String label, PanelWeights panel, double range, double maxNorm) {
        BufferedImage image = new BufferedImage(CELL_WIDTH, CELL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            String title = label.isEmpty() ? panel.title() : label + ", " + panel.title();
            g.drawImage(BitmapEncoder.getBufferedImage(GramHeatmapFigure.heatmap(panel, title, range, CELL_WIDTH,
                    HEATMAP_HEIGHT)), 0, 0, null);
            g.drawImage(BitmapEncoder.getBufferedImage(GramHeatmapFigure.normBars(panel, CELL_WIDTH, BARS_HEIGHT,
                    maxNorm)), 0, HEATMAP_HEIGHT, null);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static BufferedImage blank() {
        BufferedImage image = new BufferedImage(CELL_WIDTH, CELL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, CELL_WIDTH, CELL_HEIGHT);
        } finally {
            g.dispose();
        }
        return image;
    }
}
