package dev.superpose.report;

import org.knowm.xchart.BitmapEncoder;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Feature directions in a 2-d hidden space coloured by the set each feature belongs to: the TMS
 * paper's correlated and anticorrelated feature experiments, where features of one correlated
 * set tend to be orthogonal and those of an anticorrelated set antipodal. One panel per model,
 * a legend naming the sets.
 */
public final class FeatureSetsFigure {
    /**
     * Which set each feature belongs to.
     *
     * @param setOfFeature per feature, its set's index into {@code names}, or −1 for no set
     * @param names        the sets' names, e.g. "correlated pair 0"
     */
    public record FeatureSets(int[] setOfFeature, List<String> names) {
        public FeatureSets {
            names = List.copyOf(names);
            for (int i = 0; i < setOfFeature.length; i++) {
                if (setOfFeature[i] < -1 || setOfFeature[i] >= names.size()) {
                    throw new IllegalArgumentException("feature " + i + " is in set " + setOfFeature[i]
                            + ", but sets are numbered 0 to " + (names.size() - 1) + " (or -1 for none)");
                }
            }
        }
    }

    public static final int PANEL_WIDTH = FeatureDirectionsFigure.PANEL_WIDTH;
    public static final int PANEL_HEIGHT = FeatureDirectionsFigure.PANEL_HEIGHT;
    private static final String NO_SET = "no set";

    private FeatureSetsFigure() {
    }

    /** Renders the panels (all with {@code hidden == 2}) and writes them to {@code png}. */
    public static void write(Path png, String title, List<PanelWeights> panels, FeatureSets sets) throws IOException {
        TiledFigure.writePng(png, render(title, panels, sets));
    }

    /**
     * Renders the figure: {@link TiledFigure#columnsFor} columns of {@link #PANEL_WIDTH} x
     * {@link #PANEL_HEIGHT} panels sharing one axis range, and a legend band below them.
     */
    public static BufferedImage render(String title, List<PanelWeights> panels, FeatureSets sets) {
        ArrowsChart.requirePlanar(panels);
        for (PanelWeights panel : panels) {
            if (panel.features() != sets.setOfFeature().length) {
                throw new IllegalArgumentException("panel '" + panel.title() + "' has " + panel.features()
                        + " features but the sets name " + sets.setOfFeature().length);
            }
        }
        double limit = ArrowsChart.limit(panels);
        List<BufferedImage> images = new ArrayList<>();
        for (PanelWeights panel : panels) {
            // Features in no set first, then set by set, so that each set's colour is one series.
            List<ArrowsChart.Arrow> arrows = IntStream.range(0, panel.features()).boxed()
                    .sorted(Comparator.comparingInt(i -> sets.setOfFeature()[i]))
                    .map(i -> new ArrowsChart.Arrow(panel.w(0, i), panel.w(1, i), colour(sets.setOfFeature()[i])))
                    .toList();
            images.add(BitmapEncoder.getBufferedImage(ArrowsChart.chart(panel.title(), PANEL_WIDTH, PANEL_HEIGHT,
                    limit, arrows)));
        }
        List<Legend.Entry> legend = new ArrayList<>();
        for (int s = 0; s < sets.names().size(); s++) {
            legend.add(new Legend.Entry(sets.names().get(s), colour(s)));
        }
        if (IntStream.of(sets.setOfFeature()).anyMatch(s -> s < 0)) {
            legend.add(new Legend.Entry(NO_SET, colour(-1)));
        }
        return Legend.below(TiledFigure.tile(title, "each line is a feature's embedding W\u1d62, coloured by its set",
                images), legend);
    }

    private static Color colour(int set) {
        return set < 0 ? CategoryColors.NONE : CategoryColors.of(set);
    }
}
