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
import java.util.List;

/**
 * Henighan et al. 2023's loss curve against training-set size T, both axes logarithmic: each
 * trained model's final training loss and its loss on fresh samples as faint dots, and the kept
 * model of each size (the lowest training loss, as ARENA keeps its best instance) joined by a line.
 * Where the model moves from memorising its training points to representing the features, the test
 * loss rises and falls again: the double descent this figure is for. Training and test loss fall
 * apart on the left (memorised points) and meet on the right (generalisation).
 */
public final class DoubleDescentLossFigure {
    /**
     * One trained model.
     *
     * @param datasetSize T
     * @param trainLoss   its final loss on its own training set
     * @param testLoss    its loss on fresh samples it never trained on
     * @param kept        whether it is its size's kept (lowest-training-loss) model
     */
    public record Model(int datasetSize, double trainLoss, double testLoss, boolean kept) {
        public Model {
            if (datasetSize < 1) {
                throw new IllegalArgumentException("dataset size must be at least 1, got " + datasetSize);
            }
        }
    }

    public static final int WIDTH = 900;
    public static final int HEIGHT = 560;
    private static final Color TRAIN = new Color(0x1F77B4);
    private static final Color TEST = new Color(0xD62728);

    private DoubleDescentLossFigure() {
    }

    /** Renders the figure and writes it to {@code png}. */
    public static void write(Path png, String title, List<Model> models) throws IOException {
        TiledFigure.writePng(png, render(title, models));
    }

    /**
     * Renders the figure: one {@link #WIDTH} x {@link #HEIGHT} chart under the title. Losses that a
     * log axis cannot show (≤ 0, not finite) are left out and counted in the subtitle.
     */
    public static BufferedImage render(String title, List<Model> models) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("figure '" + title + "' has no models to draw");
        }
        List<Model> sorted = models.stream().sorted(Comparator.comparingInt(Model::datasetSize)).toList();
        XYChart chart = new XYChart(WIDTH, HEIGHT);
        chart.setXAxisTitle("training set size T");
        chart.setYAxisTitle("loss");
        XYStyler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setXAxisLogarithmic(true);
        // XChart cannot range a log axis without data
        styler.setYAxisLogarithmic(sorted.stream().anyMatch(m -> drawable(m.trainLoss()) || drawable(m.testLoss())));
        styler.setXAxisMin(sorted.get(0).datasetSize() / 1.3);
        styler.setXAxisMax(sorted.get(sorted.size() - 1).datasetSize() * 1.3);
        styler.setLegendPosition(Styler.LegendPosition.InsideSE);
        addLosses(chart, "training loss", sorted, true, TRAIN);
        addLosses(chart, "test loss", sorted, false, TEST);
        long hidden = sorted.stream().mapToLong(m -> (drawable(m.trainLoss()) ? 0 : 1) + (drawable(m.testLoss()) ? 0 : 1))
                .sum();
        long seeds = sorted.stream().filter(m -> m.datasetSize() == sorted.get(0).datasetSize()).count();
        String subtitle = "line: the lowest-training-loss model of each size"
                + (seeds > 1 ? " (of " + seeds + " seeds, the others as dots)" : "")
                + "; test loss on fresh samples" + (hidden > 0 ? "; " + hidden + " losses \u2264 0 or not finite not shown" : "");
        return TiledFigure.tile(title, subtitle, List.of(BitmapEncoder.getBufferedImage(chart)));
    }

    private static void addLosses(XYChart chart, String name, List<Model> sorted, boolean train, Color colour) {
        List<Double> dotX = new ArrayList<>();
        List<Double> dotY = new ArrayList<>();
        List<Double> lineX = new ArrayList<>();
        List<Double> lineY = new ArrayList<>();
        for (Model m : sorted) {
            double loss = train ? m.trainLoss() : m.testLoss();
            if (!drawable(loss)) {
                continue;
            }
            (m.kept() ? lineX : dotX).add((double) m.datasetSize());
            (m.kept() ? lineY : dotY).add(loss);
        }
        ScatterDots.add(chart, name + ", other seeds", dotX, dotY, colour, 90);
        if (!lineX.isEmpty()) {
            XYSeries series = chart.addSeries(name, lineX, lineY);
            series.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(colour);
            series.setLineColor(colour).setLineStyle(new BasicStroke(2f));
        }
    }

    private static boolean drawable(double loss) {
        return loss > 0 && Double.isFinite(loss);
    }
}
