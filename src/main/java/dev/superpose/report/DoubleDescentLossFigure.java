package dev.superpose.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
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
import java.util.function.ToDoubleFunction;

/**
 * Henighan et al. 2023's loss curve against training-set size T, both axes logarithmic: each
 * trained model's final training loss and its loss on fresh samples as faint dots, and the kept
 * model of each size (the lowest training loss, as ARENA keeps its best instance) joined by a line,
 * training loss and test loss side by side.
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

    public static final int PANEL_WIDTH = 620;
    public static final int PANEL_HEIGHT = 480;
    private static final Color TRAIN = new Color(0x1F77B4);
    private static final Color TEST = new Color(0xD62728);

    private DoubleDescentLossFigure() {
    }

    /** Renders the figure and writes it to {@code png}. */
    public static void write(Path png, String title, List<Model> models) throws IOException {
        TiledFigure.writePng(png, render(title, models));
    }

    /**
     * Renders the figure: two {@link #PANEL_WIDTH} x {@link #PANEL_HEIGHT} panels under the title,
     * the training loss on a log axis (memorised sets reach 1e-15) and the test loss on a linear one,
     * where a peak of a few tens of percent over its neighbours would vanish on a log axis shared with
     * the training loss. Losses a panel cannot show (not finite; ≤ 0 on the log axis) are left out
     * and counted in the subtitle.
     */
    public static BufferedImage render(String title, List<Model> models) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("figure '" + title + "' has no models to draw");
        }
        List<Model> sorted = models.stream().sorted(Comparator.comparingInt(Model::datasetSize)).toList();
        long hidden = sorted.stream().filter(m -> !(m.trainLoss() > 0 && Double.isFinite(m.trainLoss()))).count()
                + sorted.stream().filter(m -> !Double.isFinite(m.testLoss())).count();
        long seeds = sorted.stream().filter(m -> m.datasetSize() == sorted.get(0).datasetSize()).count();
        String subtitle = "line: the lowest-training-loss model of each size"
                + (seeds > 1 ? " (of " + seeds + " seeds, the others as dots)" : "")
                + "; test loss on fresh samples" + (hidden > 0 ? "; " + hidden + " losses not shown" : "");
        return TiledFigure.tile(title, subtitle, List.of(
                BitmapEncoder.getBufferedImage(panel("training loss", sorted, Model::trainLoss, true, TRAIN)),
                BitmapEncoder.getBufferedImage(panel("test loss", sorted, Model::testLoss, false, TEST))), 2);
    }

    private static XYChart panel(String name, List<Model> sorted, ToDoubleFunction<Model> loss, boolean logY,
                                 Color colour) {
        XYChart chart = new XYChart(PANEL_WIDTH, PANEL_HEIGHT);
        chart.setTitle(name);
        chart.setXAxisTitle("training set size T");
        chart.setYAxisTitle(name);
        XYStyler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setXAxisLogarithmic(true);
        styler.setXAxisMin(sorted.get(0).datasetSize() / 1.3);
        styler.setXAxisMax(sorted.get(sorted.size() - 1).datasetSize() * 1.3);
        styler.setLegendVisible(false);
        List<Double> dotX = new ArrayList<>();
        List<Double> dotY = new ArrayList<>();
        List<Double> lineX = new ArrayList<>();
        List<Double> lineY = new ArrayList<>();
        for (Model m : sorted) {
            double value = loss.applyAsDouble(m);
            if (!Double.isFinite(value) || (logY && value <= 0)) {
                continue;
            }
            (m.kept() ? lineX : dotX).add((double) m.datasetSize());
            (m.kept() ? lineY : dotY).add(value);
        }
        // XChart cannot range a log axis without data
        styler.setYAxisLogarithmic(logY && !(lineX.isEmpty() && dotX.isEmpty()));
        ScatterDots.add(chart, name + ", other seeds", dotX, dotY, colour, 90);
        if (!lineX.isEmpty()) {
            XYSeries series = chart.addSeries(name, lineX, lineY);
            series.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(colour);
            series.setLineColor(colour).setLineStyle(new BasicStroke(2f));
        }
        return chart;
    }
}
