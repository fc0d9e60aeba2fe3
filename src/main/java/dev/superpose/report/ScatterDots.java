package dev.superpose.report;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.util.List;

/** Scatter series of translucent circles, for plots where many dots fall on top of each other. */
final class ScatterDots {
    private ScatterDots() {
    }

    /**
     * Adds the points (xs[k], ys[k]) as circles of {@code colour} at {@code alpha} (0–255), joined by
     * no line; adds nothing when there are no points (XChart rejects an empty series).
     */
    static void add(XYChart chart, String name, List<Double> xs, List<Double> ys, Color colour, int alpha) {
        if (xs.isEmpty()) {
            return;
        }
        XYSeries series = chart.addSeries(name, xs, ys);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        series.setMarker(SeriesMarkers.CIRCLE)
                .setMarkerColor(new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), alpha))
                .setLineStyle(SeriesLines.NONE);
    }
}
