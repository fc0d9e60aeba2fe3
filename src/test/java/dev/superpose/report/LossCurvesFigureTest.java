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

class LossCurvesFigureTest {
    private static final int BLUE = 0x1F77B4;
    private static final int ORANGE = 0xFF7F0E;

    @TempDir
    Path dir;

    /** A decaying loss over 1000 steps, from {@code start} down by three orders of magnitude. */
    private static LossCurve decay(String label, String group, double start) {
        long[] steps = new long[101];
        double[] loss = new double[101];
        for (int k = 0; k < steps.length; k++) {
            steps[k] = 10L * k;
            loss[k] = start * Math.pow(1e-3, k / 100.0);
        }
        return new LossCurve(label, group, steps, loss);
    }

    private BufferedImage writeAndRead(String name, List<LossCurve> curves) throws IOException {
        Path png = dir.resolve(name);
        LossCurvesFigure.write(png, "loss", curves);
        return readPng(png, LossCurvesFigure.WIDTH, LossCurvesFigure.HEIGHT);
    }

    @Test
    void aSingleCurveIsDrawnInTheFirstColour() throws IOException {
        BufferedImage image = writeAndRead("one.png", List.of(decay("trial 1", null, 1)));

        assertNonTrivial(image, 10);
        assertTrue(containsColour(image, BLUE, 4));
        assertFalse(containsColour(image, ORANGE, 30));
    }

    @Test
    void curvesOfOneGroupShareAColour() throws IOException {
        List<LossCurve> curves = new ArrayList<>();
        for (int seed = 0; seed < 20; seed++) {
            curves.add(decay("seed " + seed, "p=0.1", 1 + seed * 0.01));
        }
        BufferedImage image = writeAndRead("grouped.png", curves);

        assertTrue(containsColour(image, BLUE, 4));
        assertFalse(containsColour(image, ORANGE, 30), "one group uses only the first colour");
    }

    @Test
    void fortyCurvesWithUnplottablePointsRender() throws IOException {
        List<LossCurve> curves = new ArrayList<>();
        for (int k = 0; k < 40; k++) {
            curves.add(decay("trial " + k, k % 2 == 0 ? "even" : null, 1 + k));
        }
        curves.add(new LossCurve("diverged", null, new long[]{0, 1, 2}, new double[]{1, Double.NaN, 0}));
        curves.add(new LossCurve("nothing to show", null, new long[]{0}, new double[]{Double.POSITIVE_INFINITY}));

        BufferedImage image = writeAndRead("many.png", curves);
        assertNonTrivial(image, 10);
        assertTrue(containsColour(image, ORANGE, 4), "the second group has the second colour");
    }

    @Test
    void aChartWithoutPlottableDataStillRenders() throws IOException {
        BufferedImage image = writeAndRead("empty.png",
                List.of(new LossCurve("nan", null, new long[]{0}, new double[]{Double.NaN})));
        assertNonTrivial(image, 2);
    }

    @Test
    void rejectsDuplicateLabelsAndMismatchedLengths() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LossCurvesFigure.render("t", List.of(decay("a", null, 1), decay("a", null, 2))));
        assertEquals("loss curves 't': duplicate label a", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LossCurve("x", null, new long[2], new double[1]));
    }

    @Test
    void sixteenGroupsGetSixteenDistinctColoursInsteadOfTheRepeatingPalette() throws IOException {
        List<LossCurve> curves = new ArrayList<>();
        for (int g = 0; g < 16; g++) {
            curves.add(decay("t" + g, "p=" + g, 1 + g));
        }
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int g = 0; g < 16; g++) {
            colours.add(LossCurvesFigure.colour(g, 16).getRGB());
        }
        assertEquals(16, colours.size());
        BufferedImage image = writeAndRead("sixteen.png", curves);
        assertNonTrivial(image, 16);
        assertTrue(containsColour(image, LossCurvesFigure.colour(0, 16).getRGB() & 0xFFFFFF, 4));
        assertTrue(containsColour(image, LossCurvesFigure.colour(15, 16).getRGB() & 0xFFFFFF, 4));
    }
}
