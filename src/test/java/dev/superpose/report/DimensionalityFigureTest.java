package dev.superpose.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.superpose.report.FigureAssertions.assertNonTrivial;
import static dev.superpose.report.FigureAssertions.containsColour;
import static dev.superpose.report.FigureAssertions.readPng;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DimensionalityFigureTest {
    private static final int GUIDE = 0xB39DDB;

    @TempDir
    Path dir;

    private static final List<DimensionalityFigure.Guide> GUIDES = List.of(new DimensionalityFigure.Guide("1", 1),
            new DimensionalityFigure.Guide("1/2", 0.5), new DimensionalityFigure.Guide("2/5", 0.4),
            new DimensionalityFigure.Guide("3/8", 0.375));

    @Test
    void sweepFromDenseToSparseRendersLineDotsAndGuides() throws IOException {
        // Dense: 10 dedicated features; sparse: 20 antipodal pairs; sparser: pentagons. An all-zero model has D* = ∞.
        List<DimensionalityFigure.Trial> trials = new ArrayList<>();
        trials.add(new DimensionalityFigure.Trial(1, 1, filled(10, 1)));
        trials.add(new DimensionalityFigure.Trial(0.1, 0.5, filled(40, 0.5)));
        trials.add(new DimensionalityFigure.Trial(0.01, 0.4, filled(50, 0.4)));
        trials.add(new DimensionalityFigure.Trial(0.5, Double.POSITIVE_INFINITY, filled(10, 0)));
        Path png = dir.resolve("dims.png");
        DimensionalityFigure.write(png, "dimensionality", trials, GUIDES);

        BufferedImage image = readPng(png, DimensionalityFigure.WIDTH,
                TiledFigure.HEADER_HEIGHT + DimensionalityFigure.HEIGHT);
        assertNonTrivial(image, 20);
        assertTrue(containsColour(image, GUIDE, 6), "guide lines are drawn");
    }

    /** The figure is drawn (a blank image would also lack the guides' colour) but no guide is. */
    @Test
    void withoutGuidesThereAreNone() throws IOException {
        Path png = dir.resolve("plain.png");
        DimensionalityFigure.write(png, "one trial", List.of(new DimensionalityFigure.Trial(0.2, 0.5,
                filled(4, 0.5))), List.of());
        BufferedImage image = readPng(png, DimensionalityFigure.WIDTH,
                TiledFigure.HEADER_HEIGHT + DimensionalityFigure.HEIGHT);
        assertNonTrivial(image, 20);
        assertFalse(containsColour(image, GUIDE, 6));
    }

    @Test
    void rejectsNoTrialsAndBadDensities() {
        assertEquals("figure 'none' has no trials to draw", assertThrows(IllegalArgumentException.class,
                () -> DimensionalityFigure.render("none", List.of(), GUIDES)).getMessage());
        assertEquals("density (1 - S) must be in (0, 1], got 0.0", assertThrows(IllegalArgumentException.class,
                () -> new DimensionalityFigure.Trial(0, 1, new double[0])).getMessage());
    }

    private static double[] filled(int n, double value) {
        double[] values = new double[n];
        java.util.Arrays.fill(values, value);
        return values;
    }
}
