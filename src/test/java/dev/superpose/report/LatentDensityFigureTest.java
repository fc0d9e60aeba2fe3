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
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatentDensityFigureTest {
    private static final int RED = 0xD62728;
    private static final int BLUE = 0x1F77B4;

    @TempDir
    Path dir;

    @Test
    void histogramCountsDeadLatentsApartAndBinsTheRestByDecadeQuarters() {
        // log10: −2 (bin 0 of [−2, 0)), −1.9 (bin 0), −1 (bin 4), −0.1 (bin 7), 0 (f = 1: the last bin)
        double[] f = {0, 0.01, Math.pow(10, -1.9), 0.1, 0, Math.pow(10, -0.1), 1};
        LatentDensityFigure.Histogram h = LatentDensityFigure.histogram(f, -2);
        assertEquals(2, h.dead());
        assertArrayEquals(new int[]{2, 0, 0, 0, 1, 0, 0, 2}, h.counts());
        assertEquals(-1.75, h.binStart(1));
        assertThrows(IllegalArgumentException.class, () -> LatentDensityFigure.histogram(f, 0));
    }

    @Test
    void theRangeStartsAtTheDecadeOfTheRarestLiveLatent() {
        assertEquals(-4, LatentDensityFigure.lowestEdge(List.of(new LatentDensity("a", new double[]{0, 0.5}),
                new LatentDensity("b", new double[]{2e-4, 0.1}))));
        assertEquals(-1, LatentDensityFigure.lowestEdge(List.of(new LatentDensity("all dead", new double[]{0, 0}))));
    }

    @Test
    void rendersLiveLatentsInBlueAndDeadOnesInRed() throws IOException {
        double[] frequencies = new double[512];
        for (int l = 0; l < frequencies.length; l++) {
            frequencies[l] = l < 100 ? 0 : Math.pow(10, -4 + 3.5 * (l % 37) / 37.0);
        }
        List<LatentDensity> densities = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            densities.add(new LatentDensity("l1 = 1e-" + k, frequencies));
        }
        Path png = dir.resolve("density.png");
        LatentDensityFigure.write(png, "latent density", densities);

        BufferedImage image = readPng(png, 2 * LatentDensityFigure.PANEL_WIDTH,
                TiledFigure.HEADER_HEIGHT + 2 * LatentDensityFigure.PANEL_HEIGHT);
        assertNonTrivial(image, 20);
        assertTrue(containsColour(image, BLUE, 4), "live latents");
        assertTrue(containsColour(image, RED, 4), "dead latents");
    }

    @Test
    void withoutDeadLatentsThereIsNoRed() throws IOException {
        Path png = dir.resolve("alive.png");
        LatentDensityFigure.write(png, "all alive", List.of(new LatentDensity("x", new double[]{0.5, 0.01, 0.2})));
        BufferedImage image = readPng(png, LatentDensityFigure.PANEL_WIDTH,
                TiledFigure.HEADER_HEIGHT + LatentDensityFigure.PANEL_HEIGHT);
        assertTrue(containsColour(image, BLUE, 4));
        assertFalse(containsColour(image, RED, 30));
    }

    @Test
    void rejectsFrequenciesOutsideZeroToOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LatentDensity("x", new double[]{1.5}));
        assertEquals("latent density 'x': firing frequencies must be in [0, 1], got 1.5", e.getMessage());
    }
}
