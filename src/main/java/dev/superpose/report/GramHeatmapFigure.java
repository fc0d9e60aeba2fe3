package dev.superpose.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.HeatMapStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The TMS paper's weight figure for any size: per model, WᵀW (features × features) as a heatmap
 * with the bias b as an extra last column, and beside it the feature norms ||W_i|| as bars
 * coloured by how superposed each feature is (interference Σ_{j≠i} (Ŵ_i·W_j)²).
 */
public final class GramHeatmapFigure {
    public static final int HEATMAP_WIDTH = 300;
    public static final int BARS_WIDTH = 180;
    public static final int PANEL_WIDTH = HEATMAP_WIDTH + BARS_WIDTH;
    public static final int PANEL_HEIGHT = 340;
    /** Interference at which the bar colour saturates: 1 is what an antipodal partner contributes. */
    static final double FULL_INTERFERENCE = 1.0;
    /**
     * Tick labels that fit along a heat-map axis without overlapping: ten of up to two digits,
     * five of three or more (measured on the {@link #HEATMAP_WIDTH} panel: 0…180 in steps of 20
     * ran together).
     */
    private static final int MAX_SHORT_TICK_LABELS = 10;
    private static final int MAX_LONG_TICK_LABELS = 5;

    private GramHeatmapFigure() {
    }

    /** Renders one panel per model and writes them to {@code png}. */
    public static void write(Path png, String title, List<PanelWeights> panels) throws IOException {
        TiledFigure.writePng(png, render(title, panels));
    }

    /** Renders the figure: {@link TiledFigure#columnsFor} columns of {@link #PANEL_WIDTH} x {@link #PANEL_HEIGHT} panels. */
    public static BufferedImage render(String title, List<PanelWeights> panels) {
        double range = colourRange(panels);
        List<BufferedImage> images = new ArrayList<>();
        for (PanelWeights panel : panels) {
            images.add(panel(panel, range));
        }
        return TiledFigure.tile(title, String.format("left: W\u1d40W, last column bias b (blue -%.3g, white 0, red"
                + " +%.3g);  right: \u2016W\u1d62\u2016, black = no interference \u2192 yellow = interference \u2265 %s", range,
                range, FULL_INTERFERENCE), images);
    }

    /**
     * One symmetric colour range for all panels (so colours compare across panels) that keeps white
     * at exactly 0; all-zero models still need a non-empty range.
     */
    static double colourRange(List<PanelWeights> panels) {
        double maxAbs = 0;
        for (PanelWeights panel : panels) {
            for (int i = 0; i < panel.features(); i++) {
                maxAbs = Math.max(maxAbs, Math.abs(panel.bias()[i]));
                for (int j = 0; j < panel.features(); j++) {
                    maxAbs = Math.max(maxAbs, Math.abs(panel.dot(i, j)));
                }
            }
        }
        return maxAbs > 0 ? maxAbs : 1;
    }

    private static BufferedImage panel(PanelWeights panel, double range) {
        BufferedImage image = new BufferedImage(PANEL_WIDTH, PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.drawImage(BitmapEncoder.getBufferedImage(heatmap(panel, panel.title(), range, HEATMAP_WIDTH,
                    PANEL_HEIGHT)), 0, 0, null);
            g.drawImage(BitmapEncoder.getBufferedImage(normBars(panel, BARS_WIDTH, PANEL_HEIGHT, Double.NaN)),
                    HEATMAP_WIDTH, 0, null);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** WᵀW with the bias as a last column, coloured on [−range, range], titled {@code title}. */
    static HeatMapChart heatmap(PanelWeights panel, String title, double range, int width, int height) {
        int n = panel.features();
        List<String> columns = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        int every = tickStep(n);
        for (int i = 0; i < n; i++) {
            // An unlabelled tick still needs a category of its own: a distinct run of zero-width spaces.
            String label = i % every == 0 ? Integer.toString(i) : "\u200b".repeat(i);
            columns.add(label);
            rows.add(label);
        }
        columns.add("b");
        List<Number[]> cells = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int row = n - 1 - i; // XChart puts the first row at the bottom; feature 0 belongs on top
            for (int j = 0; j < n; j++) {
                cells.add(new Number[]{j, row, panel.dot(i, j)});
            }
            cells.add(new Number[]{n, row, panel.bias()[i]});
        }
        // XChart 3.8.8's (width, height) constructor applies no theme, leaving fonts and strokes null.
        HeatMapChart chart = new HeatMapChart(width, height, Styler.ChartTheme.XChart);
        chart.setTitle(title);
        chart.setXAxisTitle("feature j  (last: bias)");
        chart.setYAxisTitle("feature i");
        HeatMapStyler styler = chart.getStyler();
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setRangeColors(ColorMap.DIVERGING.stops().toArray(Color[]::new));
        // The colour range is stated in the figure's subtitle: XChart's legend would take half the panel.
        styler.setLegendVisible(false);
        styler.setMin(-range);
        styler.setMax(range);
        // Grid lines and cell borders would hide the cells of a large matrix.
        styler.setPlotGridLinesVisible(false);
        styler.setDrawBorder(false);
        // One tick mark per feature runs together into a grey bar beside a large matrix.
        styler.setAxisTicksMarksVisible(n <= 2 * MAX_SHORT_TICK_LABELS);
        chart.addSeries("W\u1d40W", columns, List.copyOf(reversed(rows)), cells);
        return chart;
    }

    /** Features between labelled ticks: 1, 2 or 5 times a power of ten, so labels read 0, 50, 100, 150. */
    static int tickStep(int features) {
        int maxLabels = features > 100 ? MAX_LONG_TICK_LABELS : MAX_SHORT_TICK_LABELS;
        int needed = (features + maxLabels - 1) / maxLabels;
        for (int power = 1; ; power *= 10) {
            for (int mantissa : new int[]{1, 2, 5}) {
                if (mantissa * power >= needed) {
                    return mantissa * power;
                }
            }
        }
    }

    /**
     * ||W_i|| as horizontal bars, feature 0 on top to line up with the heatmap rows, on an axis from
     * 0 to {@code maxNorm} (NaN: fitted to this panel).
     */
    static XYChart normBars(PanelWeights panel, int width, int height, double maxNorm) {
        int n = panel.features();
        XYChart chart = new XYChart(width, height);
        chart.setTitle("\u2016W\u1d62\u2016");
        chart.setXAxisTitle("norm");
        XYStyler styler = chart.getStyler();
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setLegendVisible(false);
        styler.setYAxisTicksVisible(false);
        styler.setPlotGridHorizontalLinesVisible(false);
        styler.setYAxisMin(-0.5).setYAxisMax(n - 0.5);
        styler.setXAxisMin(0.0);
        if (!Double.isNaN(maxNorm)) {
            styler.setXAxisMax(maxNorm);
        }
        // Bars are thick lines whose width fills the row height of the plot area.
        float thickness = Math.max(1f, 0.8f * (height - 90) / n);
        for (int i = 0; i < n; i++) {
            double row = n - 1 - i;
            Color color = ColorMap.SUPERPOSITION.at(panel.interference(i) / FULL_INTERFERENCE);
            XYSeries bar = chart.addSeries("f" + i, new double[]{0, panel.norm(i)}, new double[]{row, row});
            bar.setMarker(SeriesMarkers.NONE).setLineColor(color)
                    .setLineStyle(new BasicStroke(thickness, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
        }
        return chart;
    }

    private static List<String> reversed(List<String> labels) {
        List<String> copy = new ArrayList<>(labels);
        java.util.Collections.reverse(copy);
        return copy;
    }
}
