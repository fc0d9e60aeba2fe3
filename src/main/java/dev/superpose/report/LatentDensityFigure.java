package dev.superpose.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.CategoryStyler;

import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Latent density histograms (as in Anthropic's "Towards Monosemanticity"): how many latents fire
 * at each log10 firing frequency, one panel per SAE, in bins of {@link #BIN_WIDTH} decades on a
 * range shared by all panels. Dead latents (never firing on the held-out set: log10 0 = −∞) are
 * counted in a separate bar on the left, in their own colour.
 */
public final class LatentDensityFigure {
    public static final int PANEL_WIDTH = 440;
    public static final int PANEL_HEIGHT = 320;
    public static final double BIN_WIDTH = 0.25;
    public static final Color ALIVE = Palette.categorical(0);
    public static final Color DEAD = Palette.categorical(3);

    private LatentDensityFigure() {
    }

    /**
     * Latents per bin: {@code counts[i]} holds log10 f in [lowestEdge + i·w, lowestEdge + (i+1)·w)
     * (the last bin also holds f = 1, the lowest anything below it), {@code dead} those with f = 0.
     */
    public record Histogram(int dead, double lowestEdge, int[] counts) {
        public double binStart(int bin) {
            return lowestEdge + bin * BIN_WIDTH;
        }
    }

    /** The histogram of {@code frequencies} on bins from {@code lowestEdge} (< 0, a multiple of {@link #BIN_WIDTH}) to 0. */
    public static Histogram histogram(double[] frequencies, double lowestEdge) {
        int bins = (int) Math.round(-lowestEdge / BIN_WIDTH);
        if (bins < 1) {
            throw new IllegalArgumentException("the lowest bin edge must be below 0, got " + lowestEdge);
        }
        int[] counts = new int[bins];
        int dead = 0;
        for (double f : frequencies) {
            if (f == 0) {
                dead++;
            } else {
                int bin = (int) Math.floor((Math.log10(f) - lowestEdge) / BIN_WIDTH);
                counts[Math.max(0, Math.min(bins - 1, bin))]++;
            }
        }
        return new Histogram(dead, lowestEdge, counts);
    }

    /**
     * The lowest edge that holds every firing frequency of every panel: a whole decade, at least
     * one below 0 (so an SAE whose latents all fire often still gets a readable axis).
     */
    public static double lowestEdge(List<LatentDensity> densities) {
        double min = densities.stream().flatMapToDouble(d -> Arrays.stream(d.firingFrequency()))
                .filter(f -> f > 0).min().orElse(1);
        return Math.min(-1, Math.floor(Math.log10(min)));
    }

    public static void write(Path png, String title, List<LatentDensity> densities) throws IOException {
        TiledFigure.writePng(png, render(title, densities));
    }

    /** {@link TiledFigure#columnsFor} columns of {@link #PANEL_WIDTH} x {@link #PANEL_HEIGHT} panels. */
    public static BufferedImage render(String title, List<LatentDensity> densities) {
        double lowestEdge = lowestEdge(densities);
        List<BufferedImage> panels = new ArrayList<>();
        for (LatentDensity density : densities) {
            panels.add(BitmapEncoder.getBufferedImage(panel(density, histogram(density.firingFrequency(), lowestEdge))));
        }
        return TiledFigure.tile(title, String.format(Locale.ROOT, "latents per %.2g decades of firing frequency (blue);"
                + " dead latents, which never fired on the held-out set (red)", BIN_WIDTH), panels);
    }

    private static CategoryChart panel(LatentDensity density, Histogram histogram) {
        CategoryChart chart = new CategoryChart(PANEL_WIDTH, PANEL_HEIGHT);
        chart.setTitle(density.label());
        chart.setXAxisTitle("log10 firing frequency");
        chart.setYAxisTitle("latents");
        CategoryStyler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        styler.setLegendVisible(false);
        styler.setOverlapped(true);
        styler.setAvailableSpaceFill(0.9);
        styler.setXAxisLabelRotation(90);
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
        styler.setYAxisDecimalPattern("#,##0");
        int bins = histogram.counts().length;
        List<String> categories = new ArrayList<>(bins + 1);
        categories.add("dead");
        List<Integer> deadBar = new ArrayList<>(bins + 1);
        List<Integer> aliveBars = new ArrayList<>(bins + 1);
        deadBar.add(histogram.dead());
        aliveBars.add(0);
        for (int b = 0; b < bins; b++) {
            categories.add(String.format(Locale.ROOT, "%.2f", histogram.binStart(b)));
            deadBar.add(0);
            aliveBars.add(histogram.counts()[b]);
        }
        CategorySeries dead = chart.addSeries("dead", categories, deadBar);
        dead.setFillColor(DEAD);
        CategorySeries alive = chart.addSeries("alive", categories, aliveBars);
        alive.setFillColor(ALIVE);
        return chart;
    }
}
