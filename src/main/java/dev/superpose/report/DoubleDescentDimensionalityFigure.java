package dev.superpose.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Henighan et al. 2023's dimensionality against training-set size T: every feature's D_i and every
 * training point's D_j as a dot, both axes logarithmic. Small training sets give the data points
 * large shares of the hidden space and the features tiny ones (memorisation); large training sets
 * do the opposite (generalisation); in between both are small, where the test loss peaks.
 *
 * <p>Totals Σ D are deliberately not drawn: for vectors in general position they come to about the
 * number of hidden dimensions whatever the arrangement, so they cannot tell the regimes apart.
 */
public final class DoubleDescentDimensionalityFigure {
    /**
     * One trained model.
     *
     * @param datasetSize             T
     * @param featureDimensionalities D_i of each feature
     * @param dataDimensionalities    D_j of each training point's hidden vector
     */
    public record Dataset(int datasetSize, double[] featureDimensionalities, double[] dataDimensionalities) {
        public Dataset {
            if (datasetSize < 1) {
                throw new IllegalArgumentException("dataset size must be at least 1, got " + datasetSize);
            }
        }
    }

    public static final int WIDTH = 900;
    public static final int HEIGHT = 560;
    /** The y axis never reaches below this, so that near-zero shares do not stretch it. */
    private static final double Y_FLOOR = 1e-6;
    private static final Color FEATURE = new Color(0x1F77B4);
    private static final Color DATA = new Color(0xD62728);

    private DoubleDescentDimensionalityFigure() {
    }

    /** Renders the figure and writes it to {@code png}. */
    public static void write(Path png, String title, List<Dataset> datasets) throws IOException {
        TiledFigure.writePng(png, render(title, datasets));
    }

    /** Renders the figure: one {@link #WIDTH} x {@link #HEIGHT} chart under the title. */
    public static BufferedImage render(String title, List<Dataset> datasets) {
        if (datasets.isEmpty()) {
            throw new IllegalArgumentException("figure '" + title + "' has no datasets to draw");
        }
        List<Dataset> sorted = datasets.stream().sorted(Comparator.comparingInt(Dataset::datasetSize)).toList();
        XYChart chart = new XYChart(WIDTH, HEIGHT);
        chart.setXAxisTitle("training set size T");
        chart.setYAxisTitle("dimensionality D");
        XYStyler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setXAxisLogarithmic(true);
        styler.setYAxisLogarithmic(true);
        styler.setXAxisMin(sorted.get(0).datasetSize() / 1.3);
        styler.setXAxisMax(sorted.get(sorted.size() - 1).datasetSize() * 1.3);
        styler.setYAxisMin(yMin(sorted)).setYAxisMax(1.5);
        styler.setLegendPosition(Styler.LegendPosition.InsideSW);
        dots(chart, "features W\u1d62", sorted, true, FEATURE);
        dots(chart, "data points h\u2c7c = W x\u2c7c", sorted, false, DATA);
        return TiledFigure.tile(title, "D = \u2016v\u2016\u00b2 / \u03a3\u2096 (v\u0302\u00b7v\u2096)\u00b2 of each feature and each "
                + "training point's hidden vector (zero vectors, D = 0, not drawn)", List.of(
                BitmapEncoder.getBufferedImage(chart)));
    }

    /** The decade below the smallest positive D, but not below {@link #Y_FLOOR}. */
    private static double yMin(List<Dataset> sorted) {
        double min = 1;
        for (Dataset d : sorted) {
            for (boolean features : new boolean[]{true, false}) {
                for (double v : values(d, features)) {
                    if (v > 0) {
                        min = Math.min(min, v);
                    }
                }
            }
        }
        return Math.max(Y_FLOOR, Math.pow(10, Math.floor(Math.log10(min))));
    }

    private static void dots(XYChart chart, String name, List<Dataset> sorted, boolean features, Color colour) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (Dataset d : sorted) {
            for (double v : values(d, features)) {
                if (v > 0) {
                    xs.add((double) d.datasetSize());
                    ys.add(v);
                }
            }
        }
        ScatterDots.add(chart, name, xs, ys, colour, 120);
    }

    private static double[] values(Dataset d, boolean features) {
        return features ? d.featureDimensionalities() : d.dataDimensionalities();
    }
}
