package dev.superpose.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProjectionDataFigureTest {
    @TempDir
    Path dir;

    @Test
    void theThreeDViewIsMatplotlibsDefault() {
        // elevation 30°, azimuth −60°: x points right and towards the viewer, y right and away, z up
        double s = Math.sqrt(3) / 2;
        assertArrayEquals(new double[]{s, -0.25}, ProjectionDataFigure.view(1, 0, 0), 1e-12);
        assertArrayEquals(new double[]{0.5, s / 2}, ProjectionDataFigure.view(0, 1, 0), 1e-12);
        assertArrayEquals(new double[]{0, s}, ProjectionDataFigure.view(0, 0, 1), 1e-12);
        assertArrayEquals(new double[]{0, 0}, ProjectionDataFigure.view(0, 0, 0), 1e-12);
    }

    @Test
    void drawsAPanelPerViewSideBySide() throws IOException {
        Path png = dir.resolve("projection-data.png");
        float[] sparse = {1, 0, 0, 0, -2, 0, 0, 0, 3, 100, 0, 0};
        float[] dense = {1, 1, -2, 0.5f, 3, -1};
        ProjectionDataFigure.write(png, "t", "s", List.of(
                new ProjectionDataFigure.Panel("x", 3, sparse, -5, 5),
                new ProjectionDataFigure.Panel("h", 2, dense, -5, 5)));
        BufferedImage image = FigureAssertions.readPng(png, 2 * ProjectionDataFigure.PANEL_SIZE,
                TiledFigure.HEADER_HEIGHT + ProjectionDataFigure.PANEL_SIZE);
        assertTrue(FigureAssertions.distinctColours(image) > 20, "points, axes and text drawn");
    }

    @Test
    void aPanelNeedsTwoOrThreeValuesPerPointAndAnAxisRange() {
        assertThrows(IllegalArgumentException.class, () -> new ProjectionDataFigure.Panel("p", 4, new float[4], 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ProjectionDataFigure.Panel("p", 3, new float[4], 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ProjectionDataFigure.Panel("p", 2, new float[4], 1, 1));
    }
}
