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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureDirectionsFigureTest {
    private static final int WIDTH = FeatureDirectionsFigure.PANEL_WIDTH;
    private static final int HEIGHT = FeatureDirectionsFigure.PANEL_HEIGHT;

    @TempDir
    Path dir;

    /** n features evenly spread on a circle of the given radius, importance 0.7^i as in the paper. */
    static PanelWeights polygon(String title, int n, double radius) {
        float[] w = new float[2 * n];
        double[] importance = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) (radius * Math.cos(2 * Math.PI * i / n));
            w[n + i] = (float) (radius * Math.sin(2 * Math.PI * i / n));
            importance[i] = Math.pow(0.7, i);
        }
        return new PanelWeights(title, 2, n, w, new float[n], importance);
    }

    @Test
    void singlePanelShowsFeaturesInTheImportanceColours() throws IOException {
        Path png = dir.resolve("plots/directions.png");
        FeatureDirectionsFigure.write(png, "TMS intro", List.of(polygon("p=0.02", 5, 1)));

        BufferedImage image = readPng(png, WIDTH, TiledFigure.HEADER_HEIGHT + HEIGHT);
        assertNonTrivial(image, 20);
        assertTrue(containsColour(image, 0xFDE725, 8), "most important feature is drawn yellow");
        assertTrue(containsColour(image, 0x440154, 8), "least important feature is drawn dark purple");
    }

    @Test
    void fortyPanelsTileIntoSevenColumnsAndSixRows() throws IOException {
        List<PanelWeights> panels = new ArrayList<>();
        for (int k = 0; k < 40; k++) {
            panels.add(polygon("p=" + k, 2 + k % 6, 0.5 + k / 40.0));
        }
        Path png = dir.resolve("many.png");
        FeatureDirectionsFigure.write(png, "sweep", panels);

        assertEquals(7, TiledFigure.columnsFor(40));
        assertNonTrivial(readPng(png, 7 * WIDTH, TiledFigure.HEADER_HEIGHT + 6 * HEIGHT), 20);
    }

    @Test
    void zeroWeightsAndEqualImportanceStillRender() throws IOException {
        PanelWeights zero = new PanelWeights("all zero", 2, 3, new float[6], new float[3], new double[]{1, 1, 1});
        Path png = dir.resolve("zero.png");
        FeatureDirectionsFigure.write(png, "zero", List.of(zero, polygon("far", 100, 2.4)));

        assertNonTrivial(readPng(png, 2 * WIDTH, TiledFigure.HEADER_HEIGHT + HEIGHT), 20);
    }

    @Test
    void rejectsModelsThatAreNotTwoDimensional() {
        PanelWeights threeD = new PanelWeights("3d", 3, 1, new float[3], new float[1], new double[1]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FeatureDirectionsFigure.render("t", List.of(threeD)));
        assertEquals("feature directions need 2 hidden dimensions, panel '3d' has 3", e.getMessage());
    }
}
