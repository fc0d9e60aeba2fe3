package dev.superpose.report;

import org.knowm.xchart.AnnotationLine;
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
 * The TMS paper's privileged-basis figure: per model, one bar per hidden neuron n, stacked from
 * its loadings W[n, i] and coloured by the importance of feature i. Positive loadings stack
 * upwards, negative ones downwards and paler (behind the ReLU they only silence the neuron), the
 * most important feature nearest to zero. A neuron whose upward bar is one colour is
 * monosemantic; one built of several colours is polysemantic.
 */
public final class NeuronLoadingsFigure {
    public static final int PANEL_WIDTH = 360;
    public static final int PANEL_HEIGHT = 300;
    private static final ColorMap COLORS = ColorMap.VIRIDIS;
    /** White gap between stacked segments, as a fraction of the y range, so equal colours stay apart. */
    private static final double GAP_FRACTION = 0.006;
    /** Bar width as a fraction of a neuron's slot. */
    private static final double BAR_FRACTION = 0.7;

    private NeuronLoadingsFigure() {
    }

    /** Renders one panel per model and writes them to {@code png}. */
    public static void write(Path png, String title, List<PanelWeights> panels) throws IOException {
        TiledFigure.writePng(png, render(title, panels));
    }

    /**
     * Renders the figure: {@link TiledFigure#columnsFor} columns of {@link #PANEL_WIDTH} x
     * {@link #PANEL_HEIGHT} panels, sharing one y range and one importance colour scale so that
     * panels compare.
     */
    public static BufferedImage render(String title, List<PanelWeights> panels) {
        double minImportance = panels.stream().flatMapToDouble(p -> Arrays.stream(p.importance())).min().orElse(0);
        double maxImportance = panels.stream().flatMapToDouble(p -> Arrays.stream(p.importance())).max().orElse(0);
        double top = 0;
        double bottom = 0;
        for (PanelWeights panel : panels) {
            for (int n = 0; n < panel.hidden(); n++) {
                top = Math.max(top, stackHeight(panel, n, true));
                bottom = Math.min(bottom, stackHeight(panel, n, false));
            }
        }
        // Room above and below the tallest stacks; an all-zero figure still needs a range.
        double span = top - bottom > 0 ? top - bottom : 1;
        double yMax = top + 0.05 * span;
        double yMin = bottom - 0.05 * span;
        List<BufferedImage> images = new ArrayList<>();
        for (PanelWeights panel : panels) {
            images.add(BitmapEncoder.getBufferedImage(panel(panel, yMin, yMax, minImportance, maxImportance)));
        }
        String subtitle = "bars: neurons, stacked from their weights W[n,i] (up: positive; down, pale: negative); "
                + ImportanceLegend.text(minImportance, maxImportance);
        return TiledFigure.tile(title, subtitle, images);
    }

    private static XYChart panel(PanelWeights panel, double yMin, double yMax, double minImportance,
                                 double maxImportance) {
        XYChart chart = new XYChart(PANEL_WIDTH, PANEL_HEIGHT);
        chart.setTitle(panel.title());
        chart.setXAxisTitle("neurons 0 \u2026 " + (panel.hidden() - 1));
        chart.setYAxisTitle("W[n, i]");
        XYStyler styler = chart.getStyler();
        styler.setLegendVisible(false);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotGridVerticalLinesVisible(false);
        styler.setXAxisMin(-0.5).setXAxisMax(panel.hidden() - 0.5);
        styler.setYAxisMin(yMin).setYAxisMax(yMax);
        styler.setYAxisDecimalPattern("0.0#");
        // XChart places x ticks between neurons; the axis title names them instead.
        styler.setXAxisTicksVisible(false);
        float thickness = (float) Math.max(1, BAR_FRACTION * (PANEL_WIDTH - 70) / panel.hidden());
        BasicStroke stroke = new BasicStroke(thickness, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER);
        double gap = GAP_FRACTION * (yMax - yMin);
        for (int n = 0; n < panel.hidden(); n++) {
            for (boolean positive : new boolean[]{true, false}) {
                double base = 0;
                for (int i : stackOrder(panel, n, positive)) {
                    double end = base + panel.w(n, i);
                    // A segment thinner than two gaps would vanish; draw it without its gaps.
                    double inset = Math.abs(end - base) > 4 * gap ? gap * Math.signum(end - base) : 0;
                    XYSeries segment = chart.addSeries("n" + n + "f" + i, new double[]{n, n},
                            new double[]{base + inset, end - inset});
                    Color color = COLORS.at(panel.importance()[i], minImportance, maxImportance);
                    segment.setMarker(SeriesMarkers.NONE).setLineStyle(stroke)
                            .setLineColor(positive ? color : pale(color));
                    base = end;
                }
            }
        }
        chart.addAnnotation(new AnnotationLine(0, false, false));
        return chart;
    }

    /** Halfway to white. */
    private static Color pale(Color color) {
        return new Color((color.getRed() + 255) / 2, (color.getGreen() + 255) / 2, (color.getBlue() + 255) / 2);
    }

    /** The features with loadings of one sign on neuron {@code n}, most important first (nearest to zero). */
    private static List<Integer> stackOrder(PanelWeights panel, int n, boolean positive) {
        return IntStream.range(0, panel.features()).boxed()
                .filter(i -> positive ? panel.w(n, i) > 0 : panel.w(n, i) < 0)
                .sorted(Comparator.comparingDouble((Integer i) -> panel.importance()[i]).reversed()
                        .thenComparing(i -> i))
                .toList();
    }

    /** Σ of the positive (or negative) loadings of neuron {@code n}. */
    private static double stackHeight(PanelWeights panel, int n, boolean positive) {
        double sum = 0;
        for (int i = 0; i < panel.features(); i++) {
            double v = panel.w(n, i);
            if (positive ? v > 0 : v < 0) {
                sum += v;
            }
        }
        return sum;
    }
}
