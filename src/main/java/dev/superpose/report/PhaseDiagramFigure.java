package dev.superpose.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.style.HeatMapStyler;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The TMS paper's phase diagrams (§"Superposition as a Phase Change"): grids over the extra
 * feature's relative importance and the feature density, each cell coloured by the regime the
 * model is in, e.g. the learned regime beside the analytic optimum. Categories are given by
 * name; all grids share their colours and one legend.
 */
public final class PhaseDiagramFigure {
    /**
     * One categorical grid.
     *
     * @param title        e.g. "learned (lowest loss of 10 seeds)"
     * @param xTitle       the column axis, e.g. "relative importance of the extra feature"
     * @param columnLabels one label per column, left to right
     * @param yTitle       the row axis, e.g. "density 1 − S"
     * @param rowLabels    one label per row, top to bottom
     * @param categories   [row][column] index into the figure's category names, −1 for an empty cell
     */
    public record Grid(String title, String xTitle, List<String> columnLabels, String yTitle, List<String> rowLabels,
                       int[][] categories) {
        public Grid {
            columnLabels = List.copyOf(columnLabels);
            rowLabels = List.copyOf(rowLabels);
            if (categories.length != rowLabels.size()) {
                throw new IllegalArgumentException("grid '" + title + "' has " + rowLabels.size()
                        + " row labels but " + categories.length + " rows");
            }
            for (int r = 0; r < categories.length; r++) {
                if (categories[r].length != columnLabels.size()) {
                    throw new IllegalArgumentException("grid '" + title + "' has " + columnLabels.size()
                            + " column labels but row " + r + " has " + categories[r].length + " cells");
                }
            }
        }
    }

    public static final int PANEL_WIDTH = 460;
    public static final int PANEL_HEIGHT = 440;
    /** Up to this many columns, x labels fit side by side. */
    private static final int UPRIGHT_COLUMNS = 8;

    private PhaseDiagramFigure() {
    }

    /** Renders the grids side by side and writes them to {@code png}. */
    public static void write(Path png, String title, List<String> categoryNames, List<Grid> grids)
            throws IOException {
        TiledFigure.writePng(png, render(title, categoryNames, grids));
    }

    /**
     * Renders the figure: the grids side by side, {@link #PANEL_WIDTH} x {@link #PANEL_HEIGHT}
     * each, and a legend band naming the categories that occur.
     */
    public static BufferedImage render(String title, List<String> categoryNames, List<Grid> grids) {
        if (categoryNames.isEmpty()) {
            throw new IllegalArgumentException("figure '" + title + "' needs at least one category name");
        }
        boolean[] used = new boolean[categoryNames.size()];
        for (Grid grid : grids) {
            for (int[] row : grid.categories()) {
                for (int category : row) {
                    if (category < -1 || category >= categoryNames.size()) {
                        throw new IllegalArgumentException("grid '" + grid.title() + "' has category " + category
                                + ", but categories are numbered 0 to " + (categoryNames.size() - 1)
                                + " (or -1 for empty)");
                    }
                    if (category >= 0) {
                        used[category] = true;
                    }
                }
            }
        }
        List<BufferedImage> images = new ArrayList<>();
        for (Grid grid : grids) {
            boolean empty = Arrays.stream(grid.categories()).flatMapToInt(Arrays::stream).allMatch(c -> c < 0);
            // XChart cannot draw a heatmap without cells (e.g. before any model of the sweep has finished).
            images.add(empty ? emptyPanel(grid.title())
                    : BitmapEncoder.getBufferedImage(heatmap(grid, categoryNames.size())));
        }
        List<Legend.Entry> legend = new ArrayList<>();
        for (int c = 0; c < categoryNames.size(); c++) {
            if (used[c]) {
                legend.add(new Legend.Entry(categoryNames.get(c), CategoryColors.of(c)));
            }
        }
        return Legend.below(TiledFigure.tile(title, "each cell: the regime its model is in; white: no model",
                images, Math.max(1, grids.size())), legend);
    }

    private static BufferedImage emptyPanel(String title) {
        BufferedImage image = new BufferedImage(PANEL_WIDTH, PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, PANEL_WIDTH, PANEL_HEIGHT);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            g.drawString(title, (PANEL_WIDTH - g.getFontMetrics().stringWidth(title)) / 2, 24);
            g.setColor(Color.GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            String text = "no models yet";
            g.drawString(text, (PANEL_WIDTH - g.getFontMetrics().stringWidth(text)) / 2, PANEL_HEIGHT / 2);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static HeatMapChart heatmap(Grid grid, int categories) {
        int rows = grid.rowLabels().size();
        List<Number[]> cells = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < grid.columnLabels().size(); c++) {
                int category = grid.categories()[r][c];
                if (category >= 0) {
                    // XChart puts the first row at the bottom; the grid's first row belongs on top.
                    cells.add(new Number[]{c, rows - 1 - r, category});
                }
            }
        }
        HeatMapChart chart = new HeatMapChart(PANEL_WIDTH, PANEL_HEIGHT, Styler.ChartTheme.XChart);
        chart.setTitle(grid.title());
        chart.setXAxisTitle(grid.xTitle());
        chart.setYAxisTitle(grid.yTitle());
        HeatMapStyler styler = chart.getStyler();
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setLegendVisible(false);
        styler.setPlotGridLinesVisible(false);
        styler.setDrawBorder(false);
        if (grid.columnLabels().size() > UPRIGHT_COLUMNS) {
            styler.setXAxisLabelRotation(90); // upright labels of many columns would run into each other
        }
        // One colour stop per category, evenly spaced on [0, stops − 1], so that category k gets exactly stop k.
        int stops = Math.max(2, categories);
        Color[] colours = new Color[stops];
        for (int k = 0; k < stops; k++) {
            colours[k] = CategoryColors.of(Math.min(k, categories - 1));
        }
        styler.setRangeColors(colours);
        styler.setMin(0);
        styler.setMax(stops - 1);
        List<String> yLabels = new ArrayList<>(grid.rowLabels());
        Collections.reverse(yLabels);
        chart.addSeries("regimes", grid.columnLabels(), yLabels, cells);
        return chart;
    }
}
