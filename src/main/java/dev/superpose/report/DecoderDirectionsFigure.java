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
import java.util.List;

/**
 * For SAEs on 2-dimensional data: the learned decoder directions drawn over the true feature
 * directions, one panel per SAE. Every direction is drawn at unit length from the origin, so
 * panels compare angles, not the scale each SAE happened to give its decoder rows: true
 * features as wide grey lines, latents that fired as blue lines with a dot at the tip, dead
 * latents as thin dashed red lines.
 */
public final class DecoderDirectionsFigure {
    public static final int PANEL_WIDTH = 280;
    /** Taller than wide by the title's height, so that the plot area itself is about square. */
    public static final int PANEL_HEIGHT = 290;
    public static final Color TRUTH = new Color(0xBBBBBB);
    public static final Color ALIVE = Palette.categorical(0);
    public static final Color DEAD = Palette.categorical(3);
    private static final double LIMIT = 1.2;

    private DecoderDirectionsFigure() {
    }

    public static void write(Path png, String title, List<DecoderPanel> panels) throws IOException {
        TiledFigure.writePng(png, render(title, panels));
    }

    /** {@link TiledFigure#columnsFor} columns of {@link #PANEL_WIDTH} x {@link #PANEL_HEIGHT} panels. */
    public static BufferedImage render(String title, List<DecoderPanel> panels) {
        List<BufferedImage> images = new ArrayList<>();
        for (DecoderPanel panel : panels) {
            images.add(BitmapEncoder.getBufferedImage(panel(panel)));
        }
        return TiledFigure.tile(title, "grey: true features; blue: decoder directions of live latents;"
                + " red dashed: dead latents", images);
    }

    private static XYChart panel(DecoderPanel panel) {
        XYChart chart = new XYChart(PANEL_WIDTH, PANEL_HEIGHT);
        chart.setTitle(panel.title());
        XYStyler styler = chart.getStyler();
        styler.setLegendVisible(false);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(new Color(0xF7F7F7));
        styler.setPlotBorderVisible(false);
        styler.setXAxisMin(-LIMIT).setXAxisMax(LIMIT).setYAxisMin(-LIMIT).setYAxisMax(LIMIT);
        styler.setXAxisDecimalPattern("0.#").setYAxisDecimalPattern("0.#");
        for (int f = 0; f < panel.features(); f++) {
            XYSeries line = unitLine(chart, "feature " + f, panel.truth(), f);
            line.setMarker(SeriesMarkers.NONE);
            line.setLineColor(TRUTH).setLineStyle(new BasicStroke(6f));
        }
        // dead latents first, so live ones are drawn on top
        for (boolean drawAlive : new boolean[]{false, true}) {
            for (int l = 0; l < panel.latents(); l++) {
                if (panel.alive()[l] != drawAlive) {
                    continue;
                }
                XYSeries line = unitLine(chart, "latent " + l, panel.decoder(), l);
                line.setMarker(SeriesMarkers.NONE);
                if (drawAlive) {
                    line.setLineColor(ALIVE).setLineStyle(new BasicStroke(2f));
                    // the dot goes in a series of its own: a marker on the line would also mark the origin
                    XYSeries tip = chart.addSeries("tip " + l, new double[]{line.getXData()[1]},
                            new double[]{line.getYData()[1]});
                    tip.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(ALIVE);
                } else {
                    line.setLineColor(DEAD).setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT,
                            BasicStroke.JOIN_MITER, 10f, new float[]{4f, 3f}, 0f));
                }
            }
        }
        return chart;
    }

    /** A line from the origin to row {@code row} of {@code rows} scaled to unit length (a zero row stays at the origin). */
    private static XYSeries unitLine(XYChart chart, String name, float[] rows, int row) {
        double x = rows[2 * row];
        double y = rows[2 * row + 1];
        double norm = Math.hypot(x, y);
        double scale = norm > 0 ? 1 / norm : 0;
        return chart.addSeries(name, new double[]{0, x * scale}, new double[]{0, y * scale});
    }
}
