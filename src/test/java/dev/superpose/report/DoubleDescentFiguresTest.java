package dev.superpose.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static dev.superpose.report.FigureAssertions.assertNonTrivial;
import static dev.superpose.report.FigureAssertions.containsColour;
import static dev.superpose.report.FigureAssertions.readPng;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DoubleDescentFiguresTest {
    private static final int FEATURE_BLUE = 0x1F77B4;
    private static final int DATA_RED = 0xD62728;

    @TempDir
    Path dir;

    /** T data points as a regular T-gon of radius {@code radius}: a memorised training set. */
    private static double[][] polygon(int t, double radius) {
        double[][] h = new double[t][];
        for (int j = 0; j < t; j++) {
            h[j] = new double[]{radius * Math.cos(2 * Math.PI * j / t), radius * Math.sin(2 * Math.PI * j / t)};
        }
        return h;
    }

    private static PanelWeights features(int n, double scale) {
        java.util.Random random = new java.util.Random(n);
        float[] w = new float[2 * n];
        for (int k = 0; k < w.length; k++) {
            w[k] = (float) (scale * random.nextGaussian());
        }
        return new PanelWeights("", 2, n, w, new float[n], new double[n]);
    }

    @Test
    void geometryHasAColumnPerDatasetWithFeaturesAboveDataPoints() throws IOException {
        Path png = dir.resolve("plots/geometry.png");
        DoubleDescentGeometryFigure.write(png, "double descent", List.of(
                new DoubleDescentGeometryFigure.Dataset(3, features(100, 0.05), polygon(3, 4)),
                new DoubleDescentGeometryFigure.Dataset(5, features(100, 0.1), polygon(5, 0.02)),
                new DoubleDescentGeometryFigure.Dataset(1000, features(100, 1), polygon(1000, 1))));

        BufferedImage image = readPng(png, 3 * DoubleDescentGeometryFigure.PANEL_WIDTH,
                TiledFigure.HEADER_HEIGHT + 2 * DoubleDescentGeometryFigure.PANEL_HEIGHT);
        int split = TiledFigure.HEADER_HEIGHT + DoubleDescentGeometryFigure.PANEL_HEIGHT;
        assertTrue(containsColour(image.getSubimage(0, 0, image.getWidth(), split), FEATURE_BLUE, 4));
        assertFalse(containsColour(image.getSubimage(0, 0, image.getWidth(), split), DATA_RED, 4));
        assertTrue(containsColour(image.getSubimage(0, split, image.getWidth(), image.getHeight() - split),
                DATA_RED, 4));
    }

    @Test
    void geometryRejectsHiddenVectorsThatAreNotPlanar() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DoubleDescentGeometryFigure.Dataset(2, features(3, 1), new double[][]{{1, 0}, {1, 0, 0}}));
        assertEquals("hidden vectors must be 2-d, vector 1 of T = 2 has 3 components", e.getMessage());
    }

    @Test
    void dimensionalityDrawsEveryPositiveItemAndSkipsZeros() throws IOException {
        double[] pentagon = {0.4, 0.4, 0.4, 0.4, 0.4};
        double[] tiny = new double[200];
        java.util.Arrays.fill(tiny, 1e-3);
        Path png = dir.resolve("dims.png");
        DoubleDescentDimensionalityFigure.write(png, "dimensionality", List.of(
                new DoubleDescentDimensionalityFigure.Dataset(5, tiny, pentagon),
                new DoubleDescentDimensionalityFigure.Dataset(1000, pentagon, new double[1000])));

        BufferedImage image = readPng(png, DoubleDescentDimensionalityFigure.WIDTH,
                TiledFigure.HEADER_HEIGHT + DoubleDescentDimensionalityFigure.HEIGHT);
        assertNonTrivial(image, 20);
        // Translucent dots over white: each colour lightened to about 47 %.
        assertTrue(containsColour(image, 0xEB9999, 8), "data points are drawn");
        assertTrue(containsColour(image, 0x94BCDA, 8), "features are drawn");
    }

    @Test
    void dimensionalityRejectsEmptyFiguresAndEmptyDatasets() {
        assertEquals("figure 'x' has no datasets to draw", assertThrows(IllegalArgumentException.class,
                () -> DoubleDescentDimensionalityFigure.render("x", List.of())).getMessage());
        assertEquals("dataset size must be at least 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> new DoubleDescentDimensionalityFigure.Dataset(0, new double[0], new double[0])).getMessage());
    }

    @Test
    void lossJoinsTheKeptModelsAndDotsTheOtherSeeds() throws IOException {
        Path png = dir.resolve("loss.png");
        List<DoubleDescentLossFigure.Model> models = List.of(
                new DoubleDescentLossFigure.Model(3, 1e-6, 2e-3, true), new DoubleDescentLossFigure.Model(3, 5e-6, 3e-3, false),
                new DoubleDescentLossFigure.Model(100, 1e-4, 4e-3, true), new DoubleDescentLossFigure.Model(100, 2e-4, 5e-3, false),
                new DoubleDescentLossFigure.Model(1000, 8e-4, 9e-4, true), new DoubleDescentLossFigure.Model(1000, 0, Double.NaN, false));
        DoubleDescentLossFigure.write(png, "loss", models);

        BufferedImage image = readPng(png, 2 * DoubleDescentLossFigure.PANEL_WIDTH,
                TiledFigure.HEADER_HEIGHT + DoubleDescentLossFigure.PANEL_HEIGHT);
        assertNonTrivial(image, 20);
        assertTrue(containsColour(image, FEATURE_BLUE, 4), "the kept models' training loss, in full colour");
        assertTrue(containsColour(image, DATA_RED, 4), "the kept models' test loss, in full colour");
        assertFalse(containsColour(image, 0x2CA02C, 30), "only two colours");
        // The other seeds' test losses: translucent red dots over white, about 0xF1B3B3 (the red line's
        // anti-aliased edges give a few such pixels too: 29 here without the two dots, 72 with them).
        BufferedImage keptOnly = DoubleDescentLossFigure.render("loss", models.stream()
                .filter(DoubleDescentLossFigure.Model::kept).toList());
        assertTrue(pixelsNear(image, 0xF1B3B3) - pixelsNear(keptOnly, 0xF1B3B3) > 25,
                "the other seeds' test loss as translucent dots");
    }

    private static int pixelsNear(BufferedImage image, int rgb) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                if (Math.abs(((p >> 16) & 0xFF) - ((rgb >> 16) & 0xFF)) <= 2 && Math.abs(((p >> 8) & 0xFF) - ((rgb >> 8) & 0xFF)) <= 2
                        && Math.abs((p & 0xFF) - (rgb & 0xFF)) <= 2) {
                    count++;
                }
            }
        }
        return count;
    }

    @Test
    void lossWithNothingALogAxisCanShowStillRenders() {
        BufferedImage image = DoubleDescentLossFigure.render("x", List.of(new DoubleDescentLossFigure.Model(5, 0, -1, true)));
        assertEquals(2 * DoubleDescentLossFigure.PANEL_WIDTH, image.getWidth());
        assertEquals("figure 'x' has no models to draw", assertThrows(IllegalArgumentException.class,
                () -> DoubleDescentLossFigure.render("x", List.of())).getMessage());
    }
}
