package dev.superpose.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.superpose.report.FigureAssertions.assertNonTrivial;
import static dev.superpose.report.FigureAssertions.containsColour;
import static dev.superpose.report.FigureAssertions.readPng;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GramHeatmapFigureTest {
    private static final int WIDTH = GramHeatmapFigure.PANEL_WIDTH;
    private static final int HEIGHT = GramHeatmapFigure.PANEL_HEIGHT;
    private static final int FULL_RED = 0xB2182B;
    private static final int FULL_BLUE = 0x2166AC;
    private static final int SUPERPOSED_YELLOW = 0xF5C518;

    @TempDir
    Path dir;

    /** One hidden dimension, two features at +1 and -1: W^T W = [[1, -1], [-1, 1]], interference 1 each. */
    private static PanelWeights antipodalPair() {
        return new PanelWeights("antipodal", 1, 2, new float[]{1, -1}, new float[]{0, 0}, new double[]{1, 1});
    }

    private static PanelWeights random(String title, int hidden, int features, long seed) {
        Random random = new Random(seed);
        float[] w = new float[hidden * features];
        for (int k = 0; k < w.length; k++) {
            w[k] = (float) (random.nextGaussian() / Math.sqrt(hidden));
        }
        float[] bias = new float[features];
        for (int i = 0; i < features; i++) {
            bias[i] = (float) (0.2 * random.nextGaussian());
        }
        return new PanelWeights(title, hidden, features, w, bias, new double[features]);
    }

    @Test
    void antipodalPairShowsFullRangeColoursAndSuperposedBars() throws IOException {
        Path png = dir.resolve("gram.png");
        GramHeatmapFigure.write(png, "pair", List.of(antipodalPair()));

        BufferedImage image = readPng(png, WIDTH, TiledFigure.HEADER_HEIGHT + HEIGHT);
        assertTrue(containsColour(image, FULL_RED, 4), "diagonal +1 is full red");
        assertTrue(containsColour(image, FULL_BLUE, 4), "off-diagonal -1 is full blue");
        assertTrue(containsColour(image, SUPERPOSED_YELLOW, 4), "features with interference 1 have yellow bars");
    }

    @Test
    void orthogonalFeaturesHaveBlackBarsAndNoSuperposedColour() throws IOException {
        PanelWeights identity = new PanelWeights("identity", 2, 2, new float[]{1, 0, 0, 1}, new float[2],
                new double[2]);
        Path png = dir.resolve("identity.png");
        GramHeatmapFigure.write(png, "orthogonal", List.of(identity));

        BufferedImage image = readPng(png, WIDTH, TiledFigure.HEADER_HEIGHT + HEIGHT);
        assertFalse(containsColour(image, SUPERPOSED_YELLOW, 30));
        assertFalse(containsColour(image, FULL_BLUE, 30), "nothing is negative");
        assertTrue(containsColour(image, FULL_RED, 4));
    }

    @Test
    void fortyPanelsOfAHundredFeaturesAndZeroWeightsRender() throws IOException {
        List<PanelWeights> panels = new ArrayList<>();
        panels.add(new PanelWeights("zero", 3, 4, new float[12], new float[4], new double[4]));
        panels.add(random("100 features", 20, 100, 1));
        for (int k = 2; k < 40; k++) {
            panels.add(random("seed " + k, 3, 6, k));
        }
        Path png = dir.resolve("plots/gram-all.png");
        GramHeatmapFigure.write(png, "sweep", panels);

        assertNonTrivial(readPng(png, 7 * WIDTH, TiledFigure.HEADER_HEIGHT + 6 * HEIGHT), 50);
    }

    @Test
    void tickLabelsAreRoundNumbersFewEnoughNotToRunTogether() {
        // 200 features labelled every 20 ran together as "80100120140160180" on a 300-pixel panel
        assertEquals(50, GramHeatmapFigure.tickStep(200));
        assertEquals(100, GramHeatmapFigure.tickStep(400));
        assertEquals(10, GramHeatmapFigure.tickStep(100));
        assertEquals(2, GramHeatmapFigure.tickStep(20));
        assertEquals(1, GramHeatmapFigure.tickStep(5));
    }
}
