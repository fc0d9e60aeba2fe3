package dev.superpose.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.superpose.report.FigureAssertions.readPng;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NeuronLoadingsFigureTest {
    private static final int WIDTH = NeuronLoadingsFigure.PANEL_WIDTH;
    private static final int HEIGHT = NeuronLoadingsFigure.PANEL_HEIGHT;
    /** Viridis ends: the most important feature is yellow, the least important dark purple. */
    private static final int YELLOW = 0xFDE725;
    private static final int PURPLE = 0x440154;
    /** Dark purple halfway to white: ((0x44+255)/2, (0x01+255)/2, (0x54+255)/2), a negative loading. */
    private static final int PALE_PURPLE = 0xA180A9;

    /** A bar segment covers thousands of pixels; anti-aliased edges of other colours blend into a few. */
    private static final int SEGMENT_PIXELS = 500;

    @TempDir
    Path dir;

    private static int pixelsOf(BufferedImage image, int rgb) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                if (Math.abs(((p >> 16) & 0xFF) - ((rgb >> 16) & 0xFF)) <= 4
                        && Math.abs(((p >> 8) & 0xFF) - ((rgb >> 8) & 0xFF)) <= 4
                        && Math.abs((p & 0xFF) - (rgb & 0xFF)) <= 4) {
                    count++;
                }
            }
        }
        return count;
    }

    @Test
    void monosemanticNeuronsShowEachFeatureInItsImportanceColour() throws IOException {
        // Neuron 0 carries feature 0 (importance 1), neuron 1 feature 1 (importance 0.1).
        PanelWeights identity = new PanelWeights("identity", 2, 2, new float[]{1, 0, 0, 1}, new float[2],
                new double[]{1, 0.1});
        Path png = dir.resolve("neurons.png");
        NeuronLoadingsFigure.write(png, "monosemantic", List.of(identity));

        BufferedImage image = readPng(png, WIDTH, TiledFigure.HEADER_HEIGHT + HEIGHT);
        assertTrue(pixelsOf(image, YELLOW) > SEGMENT_PIXELS, "feature 0's bar");
        assertTrue(pixelsOf(image, PURPLE) > SEGMENT_PIXELS, "feature 1's bar");
        assertTrue(pixelsOf(image, PALE_PURPLE) < SEGMENT_PIXELS, "no weight is negative");
    }

    @Test
    void negativeLoadingsAreDrawnPale() throws IOException {
        // One neuron: +1 from the important feature, -1 from the unimportant one.
        PanelWeights panel = new PanelWeights("mixed", 1, 2, new float[]{1, -1}, new float[2], new double[]{1, 0.1});
        Path png = dir.resolve("mixed.png");
        NeuronLoadingsFigure.write(png, "mixed", List.of(panel));

        BufferedImage image = readPng(png, WIDTH, TiledFigure.HEADER_HEIGHT + HEIGHT);
        assertTrue(pixelsOf(image, YELLOW) > SEGMENT_PIXELS);
        assertTrue(pixelsOf(image, PALE_PURPLE) > SEGMENT_PIXELS, "the negative loading, pale");
        assertTrue(pixelsOf(image, PURPLE) < SEGMENT_PIXELS, "feature 1 has no positive loading");
    }

    @Test
    void sevenPanelsIncludingAllZeroWeightsRender() throws IOException {
        List<PanelWeights> panels = new ArrayList<>();
        panels.add(new PanelWeights("zero", 5, 10, new float[50], new float[10], new double[10]));
        for (int k = 1; k < 7; k++) {
            float[] w = new float[50];
            for (int j = 0; j < w.length; j++) {
                w[j] = (float) Math.sin(k * 7.0 + j);
            }
            double[] importance = new double[10];
            for (int i = 0; i < 10; i++) {
                importance[i] = Math.pow(0.75, i);
            }
            panels.add(new PanelWeights("panel " + k, 5, 10, w, new float[10], importance));
        }
        Path png = dir.resolve("plots/neurons.png");
        NeuronLoadingsFigure.write(png, "sweep", panels);

        FigureAssertions.assertNonTrivial(readPng(png, 3 * WIDTH, TiledFigure.HEADER_HEIGHT + 3 * HEIGHT), 30);
    }
}
