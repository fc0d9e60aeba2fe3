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
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParetoFigureTest {
    @TempDir
    Path dir;

    @Test
    void theFrontKeepsPointsNoOtherBeatsOnBoth() {
        ParetoPoint a = new ParetoPoint("relu", 5, 0.5);
        ParetoPoint b = new ParetoPoint("relu", 10, 0.2);
        ParetoPoint dominated = new ParetoPoint("relu", 12, 0.3);
        ParetoPoint sameL0Worse = new ParetoPoint("relu", 10, 0.25);
        ParetoPoint c = new ParetoPoint("relu", 40, 0.05);
        ParetoPoint duplicate = new ParetoPoint("relu", 40, 0.05);
        ParetoPoint nan = new ParetoPoint("relu", Double.NaN, 0.01);
        assertEquals(List.of(a, b, c), ParetoFigure.front(List.of(c, dominated, a, sameL0Worse, b, duplicate, nan)));
        assertEquals(List.of(), ParetoFigure.front(List.of()));
    }

    @Test
    void rendersEachArchitectureInItsOwnColour() throws IOException {
        List<ParetoPoint> points = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            double l0 = 2 + k * 3;
            points.add(new ParetoPoint("relu", l0, 0.8 / Math.sqrt(l0) + 0.02 * (k % 3)));
            points.add(new ParetoPoint("topk", l0 + 1, 0.5 / Math.sqrt(l0) + 0.02 * (k % 4)));
        }
        points.add(new ParetoPoint("relu", 3, 0)); // a log axis cannot show FVU 0: left out
        Path png = dir.resolve("pareto.png");
        ParetoFigure.write(png, "FVU against L0", points);

        BufferedImage image = readPng(png, ParetoFigure.WIDTH, ParetoFigure.HEIGHT);
        assertNonTrivial(image, 20);
        assertTrue(containsColour(image, 0x1F77B4, 4), "relu in the first colour");
        assertTrue(containsColour(image, 0xFF7F0E, 4), "topk in the second colour");
    }

    @Test
    void withoutPlottablePointsItStillRenders() throws IOException {
        Path png = dir.resolve("empty.png");
        ParetoFigure.write(png, "empty", List.of(new ParetoPoint("relu", 1, Double.NaN)));
        assertNonTrivial(readPng(png, ParetoFigure.WIDTH, ParetoFigure.HEIGHT), 2);
    }
}
