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
 * Scatter plots of data points in 2 or 3 dimensions, one panel each, as the random-transformer
 * SAE study's Figure 4 ({@code experiments/2d.py}) draws sparse inputs, their dense image, and
 * an MLP's outputs in both bases. A 3-d panel is drawn in matplotlib's default 3-d view
 * (elevation 30°, azimuth −60°) with the three axes through the origin; points outside a panel's
 * [low, high] box are not drawn, as 2d.py's axis limits cut them off.
 */
public final class ProjectionDataFigure {
    public static final int PANEL_SIZE = 320;
    private static final double ELEVATION = Math.toRadians(30);
    private static final double AZIMUTH = Math.toRadians(-60);
    private static final Color POINTS = Palette.categorical(0);
    private static final Color AXES = new Color(0x999999);
    private static final int ALPHA = 90;

    /**
     * One panel.
     *
     * @param dim    2 or 3: the values per point
     * @param points row-major [n, dim]
     * @param low    the lower axis limit (every axis)
     * @param high   the upper axis limit
     */
    public record Panel(String title, int dim, float[] points, double low, double high) {
        public Panel {
            if (dim != 2 && dim != 3 || points.length % dim != 0) {
                throw new IllegalArgumentException("panel '" + title + "' needs points of 2 or 3 values, got dim "
                        + dim + " and " + points.length + " values");
            }
            if (!(low < high)) {
                throw new IllegalArgumentException("panel '" + title + "' needs low < high, got " + low + ", " + high);
            }
        }
    }

    private ProjectionDataFigure() {
    }

    public static void write(Path png, String title, String subtitle, List<Panel> panels) throws IOException {
        List<BufferedImage> images = new ArrayList<>();
        for (Panel panel : panels) {
            images.add(BitmapEncoder.getBufferedImage(panel.dim() == 2 ? planar(panel) : spatial(panel)));
        }
        TiledFigure.writePng(png, TiledFigure.tile(title, subtitle, images, images.size()));
    }

    /** Screen coordinates (u, v) of (x, y, z) in the 3-d view: rotated by the azimuth about z, tilted by the elevation. */
    static double[] view(double x, double y, double z) {
        double u = -x * Math.sin(AZIMUTH) + y * Math.cos(AZIMUTH);
        double depth = x * Math.cos(AZIMUTH) + y * Math.sin(AZIMUTH);
        return new double[]{u, -depth * Math.sin(ELEVATION) + z * Math.cos(ELEVATION)};
    }

    private static XYChart planar(Panel panel) {
        XYChart chart = chart(panel.title());
        chart.getStyler().setXAxisMin(panel.low()).setXAxisMax(panel.high())
                .setYAxisMin(panel.low()).setYAxisMax(panel.high());
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int k = 0; k < panel.points().length; k += 2) {
            if (inside(panel, k)) {
                xs.add((double) panel.points()[k]);
                ys.add((double) panel.points()[k + 1]);
            }
        }
        ScatterDots.add(chart, "points", xs, ys, POINTS, ALPHA);
        return chart;
    }

    private static XYChart spatial(Panel panel) {
        XYChart chart = chart(panel.title());
        XYStyler styler = chart.getStyler();
        styler.setXAxisTicksVisible(false).setYAxisTicksVisible(false);
        styler.setPlotGridLinesVisible(false);
        // the view of the box [low, high]^3 fits in its circumscribed sphere about the box's centre
        double centre = (panel.low() + panel.high()) / 2;
        double[] mid = view(centre, centre, centre);
        double radius = (panel.high() - panel.low()) * Math.sqrt(3) / 2;
        styler.setXAxisMin(mid[0] - radius).setXAxisMax(mid[0] + radius)
                .setYAxisMin(mid[1] - radius).setYAxisMax(mid[1] + radius);
        for (int axis = 0; axis < 3; axis++) {
            double[] from = new double[3];
            double[] to = new double[3];
            from[axis] = panel.low();
            to[axis] = panel.high();
            double[] a = view(from[0], from[1], from[2]);
            double[] b = view(to[0], to[1], to[2]);
            XYSeries line = chart.addSeries("axis " + (axis + 1), new double[]{a[0], b[0]}, new double[]{a[1], b[1]});
            line.setMarker(SeriesMarkers.NONE);
            line.setLineColor(AXES).setLineStyle(new BasicStroke(1f));
        }
        List<Double> us = new ArrayList<>();
        List<Double> vs = new ArrayList<>();
        for (int k = 0; k < panel.points().length; k += 3) {
            if (inside(panel, k)) {
                float[] p = panel.points();
                double[] uv = view(p[k], p[k + 1], p[k + 2]);
                us.add(uv[0]);
                vs.add(uv[1]);
            }
        }
        ScatterDots.add(chart, "points", us, vs, POINTS, ALPHA);
        return chart;
    }

    private static boolean inside(Panel panel, int start) {
        for (int c = start; c < start + panel.dim(); c++) {
            if (!(panel.points()[c] >= panel.low() && panel.points()[c] <= panel.high())) {
                return false;
            }
        }
        return true;
    }

    private static XYChart chart(String title) {
        XYChart chart = new XYChart(PANEL_SIZE, PANEL_SIZE);
        chart.setTitle(title);
        XYStyler styler = chart.getStyler();
        styler.setLegendVisible(false);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(new Color(0xF7F7F7));
        styler.setPlotBorderVisible(false);
        styler.setMarkerSize(3);
        styler.setXAxisDecimalPattern("0.#").setYAxisDecimalPattern("0.#");
        return chart;
    }
}
