package dev.superpose.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static dev.superpose.report.FigureAssertions.containsColour;
import static dev.superpose.report.FigureAssertions.readPng;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SparsitySweepFigureTest {
    private static final int FULL_RED = 0xB2182B;
    private static final int FULL_BLUE = 0x2166AC;
    private static final int SUPERPOSED_YELLOW = 0xF5C518;

    @TempDir
    Path dir;

    /** Two features on one axis, at +1 and −1: W^T W = [[1, −1], [−1, 1]], each fully superposed. */
    private static PanelWeights antipodal(String title) {
        return new PanelWeights(title, 1, 2, new float[]{1, -1}, new float[2], new double[]{1, 1});
    }

    private static PanelWeights orthogonal(String title) {
        return new PanelWeights(title, 2, 2, new float[]{1, 0, 0, 1}, new float[2], new double[]{1, 1});
    }

    @Test
    void rowsOfUnequalLengthFillAGridWithOneCellPerModel() throws IOException {
        Path png = dir.resolve("plots/sweep.png");
        SparsitySweepFigure.write(png, "sweep", List.of(
                new SparsitySweepFigure.Row("linear", List.of(orthogonal("1-S = 1"), orthogonal("1-S = 0.1"),
                        orthogonal("1-S = 0.01"))),
                new SparsitySweepFigure.Row("ReLU", List.of(orthogonal("1-S = 1"), antipodal("1-S = 0.1")))));

        BufferedImage image = readPng(png, 3 * SparsitySweepFigure.CELL_WIDTH,
                TiledFigure.HEADER_HEIGHT + 2 * SparsitySweepFigure.CELL_HEIGHT);
        assertTrue(containsColour(image, FULL_BLUE, 4), "the pair's -1 off-diagonal is full blue");
        assertTrue(containsColour(image, SUPERPOSED_YELLOW, 4), "the pair's bars are yellow");
        // The blank cell at the end of the ReLU row is white throughout.
        int x0 = 2 * SparsitySweepFigure.CELL_WIDTH;
        int y0 = TiledFigure.HEADER_HEIGHT + SparsitySweepFigure.CELL_HEIGHT;
        for (int y = y0; y < image.getHeight(); y += 7) {
            for (int x = x0; x < image.getWidth(); x += 7) {
                assertEquals(0xFFFFFF, image.getRGB(x, y) & 0xFFFFFF, "blank cell at " + x + "," + y);
            }
        }
    }

    @Test
    void dedicatedFeaturesOnlyHaveNoSuperposedBarsAndNoNegativeCells() throws IOException {
        Path png = dir.resolve("orthogonal.png");
        SparsitySweepFigure.write(png, "dedicated", List.of(new SparsitySweepFigure.Row("", List.of(
                orthogonal("a"), orthogonal("b")))));

        BufferedImage image = readPng(png, 2 * SparsitySweepFigure.CELL_WIDTH,
                TiledFigure.HEADER_HEIGHT + SparsitySweepFigure.CELL_HEIGHT);
        assertTrue(containsColour(image, FULL_RED, 4));
        assertFalse(containsColour(image, SUPERPOSED_YELLOW, 30));
        assertFalse(containsColour(image, FULL_BLUE, 30));
    }

    @Test
    void aFigureWithoutModelsIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparsitySweepFigure.render(
                "empty", List.of(new SparsitySweepFigure.Row("linear", List.of()))));
        assertEquals("figure 'empty' has no models to draw", e.getMessage());
    }
}
