package dev.superpose.report;

import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The TMS paper's feature dimensionality figure (§"The Geometry of Superposition"): against
 * 1/(1−S) on a log axis, the dimensions per feature D* = m / ||W||_F² as a line and every
 * feature's dimensionality D_i as a dot, with labelled horizontal guides at the fractions where
 * D_i sticks (1, 3/4, 2/3, 1/2, 2/5, 3/8, …).
 */
public final class DimensionalityFigure {
    /**
     * One trained model.
     *
     * @param density                 its feature probability 1 − S
     * @param dimsPerFeature          D* = m / ||W||_F² (non-finite values, from an all-zero W, are not drawn)
     * @param featureDimensionalities D_i of each feature
     */
    public record Trial(double density, double dimsPerFeature, double[] featureDimensionalities) {
        public Trial {
            if (!(density > 0 && density <= 1)) {
                throw new IllegalArgumentException("density (1 - S) must be in (0, 1], got " + density);
            }
        }
    }

    /** A horizontal guide line at {@code value}, labelled {@code label} (e.g. "2/5"). */
    public record Guide(String label, double value) {
    }

    public static final int WIDTH = 900;
    public static final int HEIGHT = 560;
    private static final Color DOTS = new Color(0x1F77B4);
    private static final Color GUIDES = new Color(0xB39DDB);

    private DimensionalityFigure() {
    }

    /** Renders the figure and writes it to {@code png}. */
    public static void write(Path png, String title, List<Trial> trials, List<Guide> guides) throws IOException {
        TiledFigure.writePng(png, render(title, trials, guides));
    }

    /** Renders the figure: one {@link #WIDTH} x {@link #HEIGHT} chart under the title. */
    public static BufferedImage render(String title, List<Trial> trials, List<Guide> guides) {
        if (trials.isEmpty()) {
            throw new IllegalArgumentException("figure '" + title + "' has no trials to draw");
        }
        List<Trial> sorted = trials.stream().sorted(Comparator.comparingDouble(t -> -t.density())).toList();
        double xMin = 1 / sorted.get(0).density();
        double xMax = 1 / sorted.get(sorted.size() - 1).density();
        XYChart chart = new XYChart(WIDTH, HEIGHT);
        chart.setXAxisTitle("1 / (1 \u2212 S)   (\u2190 dense | sparse \u2192)");
        chart.setYAxisTitle("dimensionality");
        XYStyler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setXAxisLogarithmic(true);
        styler.setXAxisMin(xMin / 1.3).setXAxisMax(xMax * 1.3);
        styler.setYAxisMin(0.0).setYAxisMax(yMax(sorted));
        styler.setYAxisDecimalPattern("0.0#");
        styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        styler.setLegendPosition(Styler.LegendPosition.InsideNE);
        styler.setAnnotationLineColor(GUIDES);
        styler.setAnnotationLineStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f,
                new float[]{4f, 3f}, 0f));
        styler.setAnnotationTextFontColor(new Color(0x5E35B1));
        styler.setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        // Labels just above their lines, alternately at the left and right edge so that close fractions
        // (3/8 and 2/5) do not overwrite each other.
        List<Guide> byValue = guides.stream().sorted(Comparator.comparingDouble(Guide::value)).toList();
        for (int k = 0; k < byValue.size(); k++) {
            Guide guide = byValue.get(k);
            chart.addAnnotation(new AnnotationLine(guide.value(), false, false));
            double x = k % 2 == 0 ? xMin / 1.22 : xMax * 1.2;
            chart.addAnnotation(new AnnotationText(guide.label(), x, guide.value() + 0.015, false));
        }
        addDots(chart, sorted);
        addLine(chart, sorted);
        return TiledFigure.tile(title, "line: D* = m / \u2016W\u2016\u00b2 (hidden dimensions m over the squared Frobenius norm: dimensions per feature);  dots: each "
                + "feature's D\u1d62 = \u2016W\u1d62\u2016\u00b2 / \u03a3\u2c7c (\u0174\u1d62\u00b7W\u2c7c)\u00b2", List.of(
                BitmapEncoder.getBufferedImage(chart)));
    }

    /** Room above 1 for the dense end, up to D* = 2 at most so that an untrained model cannot squash the rest. */
    private static double yMax(List<Trial> trials) {
        double max = 1;
        for (Trial t : trials) {
            if (Double.isFinite(t.dimsPerFeature())) {
                max = Math.max(max, t.dimsPerFeature());
            }
            for (double d : t.featureDimensionalities()) {
                max = Math.max(max, d);
            }
        }
        return Math.min(2, 1.08 * max);
    }

    private static void addDots(XYChart chart, List<Trial> trials) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (Trial t : trials) {
            for (double d : t.featureDimensionalities()) {
                xs.add(1 / t.density());
                ys.add(d);
            }
        }
        ScatterDots.add(chart, "D\u1d62 (features)", xs, ys, DOTS, 110);
    }

    private static void addLine(XYChart chart, List<Trial> trials) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (Trial t : trials) {
            if (Double.isFinite(t.dimsPerFeature())) {
                xs.add(1 / t.density());
                ys.add(t.dimsPerFeature());
            }
        }
        if (xs.isEmpty()) {
            return;
        }
        XYSeries line = chart.addSeries("D* = m / \u2016W\u2016\u00b2", xs, ys);
        line.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(Color.BLACK).setLineColor(Color.BLACK)
                .setLineStyle(new BasicStroke(2f));
    }
}
