package dev.superpose.report;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.List;

/**
 * A square plot of 2-d vectors drawn as lines from the origin with a dot at the tip: the TMS
 * papers' picture of feature embeddings W_i and of data points' hidden vectors h_j. Consecutive
 * vectors of one colour share a series (lines broken by NaN), so thousands of vectors stay cheap
 * and later vectors are drawn on top of earlier ones.
 */
final class ArrowsChart {
    /** One vector to draw. */
    record Arrow(double x, double y, Color colour) {
    }

    /** The axes span at least [-1.5, 1.5], which fits unit-norm features with room. */
    private static final double DEFAULT_LIMIT = 1.5;
    private static final double[] ROUND_STEPS = {1, 1.5, 2, 3, 5, 7.5};

    private ArrowsChart() {
    }

    /** The chart, axes from −limit to limit, arrows drawn in list order. */
    static XYChart chart(String title, int width, int height, double limit, List<Arrow> arrows) {
        XYChart chart = new XYChart(width, height);
        chart.setTitle(title);
        XYStyler styler = chart.getStyler();
        styler.setLegendVisible(false);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(new Color(0xF2F2F2));
        styler.setPlotBorderVisible(false);
        styler.setXAxisMin(-limit).setXAxisMax(limit).setYAxisMin(-limit).setYAxisMax(limit);
        styler.setXAxisDecimalPattern("0.#").setYAxisDecimalPattern("0.#");
        int start = 0;
        for (int k = 1; k <= arrows.size(); k++) {
            if (k == arrows.size() || !arrows.get(k).colour().equals(arrows.get(start).colour())) {
                addRun(chart, arrows.subList(start, k), chart.getSeriesMap().size());
                start = k;
            }
        }
        return chart;
    }

    /** An axis limit for vectors whose largest |component| is {@code maxComponent}: 1.5, or wider in steps of 0.5. */
    static double limit(double maxComponent) {
        return Math.max(DEFAULT_LIMIT, Math.ceil(maxComponent * 1.1 * 2) / 2);
    }

    /** A round axis limit just beyond the largest |component| of {@code arrows}, however small or large. */
    static double fitted(List<Arrow> arrows) {
        double maxComponent = 0;
        for (Arrow a : arrows) {
            maxComponent = Math.max(maxComponent, Math.max(Math.abs(a.x()), Math.abs(a.y())));
        }
        if (!(maxComponent > 0 && Double.isFinite(maxComponent))) {
            return 1;
        }
        double target = 1.1 * maxComponent;
        double decade = Math.pow(10, Math.floor(Math.log10(target)));
        for (double step : ROUND_STEPS) {
            if (step * decade >= target) {
                return step * decade;
            }
        }
        return 10 * decade;
    }

    /** One axis limit for the feature embeddings of all {@code panels}, so that lengths compare across them. */
    static double limit(List<PanelWeights> panels) {
        double maxComponent = 0;
        for (PanelWeights panel : panels) {
            for (float v : panel.w()) {
                maxComponent = Math.max(maxComponent, Math.abs(v));
            }
        }
        return limit(maxComponent);
    }

    /** Rejects panels whose features do not live in a plane. */
    static void requirePlanar(List<PanelWeights> panels) {
        for (PanelWeights panel : panels) {
            if (panel.hidden() != 2) {
                throw new IllegalArgumentException("feature directions need 2 hidden dimensions, panel '"
                        + panel.title() + "' has " + panel.hidden());
            }
        }
    }

    /** One line series (segments 0 → tip separated by NaN) and one dot series for a run of same-coloured arrows. */
    private static void addRun(XYChart chart, List<Arrow> run, int id) {
        double[] lineX = new double[3 * run.size()];
        double[] lineY = new double[3 * run.size()];
        double[] tipX = new double[run.size()];
        double[] tipY = new double[run.size()];
        for (int k = 0; k < run.size(); k++) {
            Arrow a = run.get(k);
            lineX[3 * k + 1] = a.x();
            lineY[3 * k + 1] = a.y();
            lineX[3 * k + 2] = Double.NaN;
            lineY[3 * k + 2] = Double.NaN;
            tipX[k] = a.x();
            tipY[k] = a.y();
        }
        Color colour = run.get(0).colour();
        XYSeries lines = chart.addSeries("arrows" + id, lineX, lineY);
        lines.setMarker(SeriesMarkers.NONE).setLineColor(colour).setLineStyle(new BasicStroke(2f));
        XYSeries tips = chart.addSeries("tips" + id, tipX, tipY);
        tips.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        tips.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(colour).setLineStyle(SeriesLines.NONE);
    }
}
