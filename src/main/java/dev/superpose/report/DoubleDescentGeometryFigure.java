package dev.superpose.report;

import org.knowm.xchart.BitmapEncoder;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Henighan et al. 2023's picture of memorisation versus generalisation: for each training-set
 * size T, in one column, the 2-d feature directions W_i (top row) above the training points'
 * hidden vectors h\u2c7c = W x\u2c7c (bottom row). Small training sets put the data points in a regular
 * polygon and leave the features messy; large ones do the opposite. Each panel is scaled to fit its
 * vectors: the arrangement matters here, and lengths differ by orders of magnitude across T.
 */
public final class DoubleDescentGeometryFigure {
    /**
     * One trained model and its training set.
     *
     * @param datasetSize   T
     * @param features      the model (hidden must be 2); its title is not used
     * @param hiddenVectors h\u2c7c = W x\u2c7c, [T][2]
     */
    public record Dataset(int datasetSize, PanelWeights features, double[][] hiddenVectors) {
        public Dataset {
            for (int j = 0; j < hiddenVectors.length; j++) {
                if (hiddenVectors[j].length != 2) {
                    throw new IllegalArgumentException("hidden vectors must be 2-d, vector " + j + " of T = "
                            + datasetSize + " has " + hiddenVectors[j].length + " components");
                }
            }
        }
    }

    public static final int PANEL_WIDTH = FeatureDirectionsFigure.PANEL_WIDTH;
    public static final int PANEL_HEIGHT = FeatureDirectionsFigure.PANEL_HEIGHT;
    private static final Color FEATURE = new Color(0x1F77B4);
    private static final Color DATA = new Color(0xD62728);

    private DoubleDescentGeometryFigure() {
    }

    /** Renders the figure and writes it to {@code png}. */
    public static void write(Path png, String title, List<Dataset> datasets) throws IOException {
        TiledFigure.writePng(png, render(title, datasets));
    }

    /** Renders the figure: one column of two {@link #PANEL_WIDTH} x {@link #PANEL_HEIGHT} panels per dataset. */
    public static BufferedImage render(String title, List<Dataset> datasets) {
        if (datasets.isEmpty()) {
            throw new IllegalArgumentException("figure '" + title + "' has no datasets to draw");
        }
        ArrowsChart.requirePlanar(datasets.stream().map(Dataset::features).toList());
        List<BufferedImage> top = new ArrayList<>();
        List<BufferedImage> bottom = new ArrayList<>();
        for (Dataset d : datasets) {
            PanelWeights w = d.features();
            List<ArrowsChart.Arrow> features = new ArrayList<>();
            for (int i = 0; i < w.features(); i++) {
                features.add(new ArrowsChart.Arrow(w.w(0, i), w.w(1, i), FEATURE));
            }
            List<ArrowsChart.Arrow> points = new ArrayList<>();
            for (double[] h : d.hiddenVectors()) {
                points.add(new ArrowsChart.Arrow(h[0], h[1], DATA));
            }
            top.add(BitmapEncoder.getBufferedImage(ArrowsChart.chart("T = " + d.datasetSize() + ": features",
                    PANEL_WIDTH, PANEL_HEIGHT, ArrowsChart.fitted(features), features)));
            bottom.add(BitmapEncoder.getBufferedImage(ArrowsChart.chart("T = " + d.datasetSize() + ": data points",
                    PANEL_WIDTH, PANEL_HEIGHT, ArrowsChart.fitted(points), points)));
        }
        List<BufferedImage> panels = new ArrayList<>(top);
        panels.addAll(bottom);
        return TiledFigure.tile(title, "top, blue: feature directions W\u1d62;  bottom, red: training points' hidden "
                + "vectors h\u2c7c = W x\u2c7c;  each panel scaled to fit", panels, datasets.size());
    }
}
