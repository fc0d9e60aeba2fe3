package dev.superpose.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.superpose.report.FigureAssertions.assertNonTrivial;
import static dev.superpose.report.FigureAssertions.containsColour;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricSweepFigureTest {
    private static final int BLUE = 0x1F77B4;
    private static final int ORANGE = 0xFF7F0E;
    private static final int GREEN = 0x2CA02C;
    private static final List<String> METRICS = List.of("MMCS", "L0");

    @TempDir
    Path dir;

    /** 2 latent counts × 7 L1 coefficients (1e-4 … 1e2) × 3 seeds, MMCS peaking mid-sweep and L0 falling. */
    private static List<SweepPoint> sweep() {
        List<SweepPoint> points = new ArrayList<>();
        for (int latents : new int[]{256, 1024}) {
            for (int k = 0; k < 7; k++) {
                double l1 = Math.pow(10, k - 4);
                for (int seed = 0; seed < 3; seed++) {
                    double mmcs = 0.9 - 0.02 * (k - 3) * (k - 3) + 0.01 * seed + (latents == 1024 ? 0.03 : 0);
                    double l0 = 100 * Math.pow(0.5, k) + seed;
                    points.add(new SweepPoint(latents + " latents", l1, new double[]{mmcs, l0}));
                }
            }
        }
        return points;
    }

    @Test
    void seedsBecomeAMeanWithItsStandardError() {
        List<SweepPoint> points = List.of(new SweepPoint("a", 0.1, new double[]{1}),
                new SweepPoint("a", 0.01, new double[]{2}), new SweepPoint("a", 0.1, new double[]{3}),
                new SweepPoint("b", 0.1, new double[]{5}), new SweepPoint("a", 0.1, new double[]{Double.NaN}),
                new SweepPoint("a", 0, new double[]{7}), new SweepPoint("c", -1, new double[]{7}));
        List<MetricSweepFigure.SeedLine> lines = MetricSweepFigure.lines(points, 0);
        assertEquals(2, lines.size(), "group c has nothing a log axis can show");
        MetricSweepFigure.SeedLine a = lines.get(0);
        assertEquals("a", a.group());
        assertArrayEquals(new double[]{0.01, 0.1}, a.x());
        assertArrayEquals(new double[]{2, 2}, a.mean());
        // values 1 and 3: sample variance ((1−2)² + (3−2)²)/(2 − 1) = 2, sem √(2 / 2) = 1; a single value has 0
        assertArrayEquals(new double[]{0, 1}, a.sem(), 1e-12);
        assertArrayEquals(new int[]{1, 2}, a.count());
        assertArrayEquals(new double[]{5}, lines.get(1).mean());
    }

    @Test
    void rendersOnePanelPerMetricWithAColourPerGroupNamedOnceUnderThePanels() throws IOException {
        Path png = dir.resolve("plots/l1-sweep.png");
        MetricSweepFigure.write(png, "SAE L1 sweep", "L1 coefficient", METRICS, sweep());

        BufferedImage image = ImageIO.read(png.toFile());
        int panelsBottom = TiledFigure.HEADER_HEIGHT + MetricSweepFigure.PANEL_HEIGHT;
        assertEquals(2 * MetricSweepFigure.PANEL_WIDTH, image.getWidth());
        assertTrue(image.getHeight() > panelsBottom, "a legend band under the panels");
        assertNonTrivial(image, 20);
        BufferedImage panels = image.getSubimage(0, 0, image.getWidth(), panelsBottom);
        assertTrue(containsColour(panels, BLUE, 4), "first group");
        assertTrue(containsColour(panels, ORANGE, 4), "second group");
        assertFalse(containsColour(image, GREEN, 30), "only two groups");
        BufferedImage band = image.getSubimage(0, panelsBottom, image.getWidth(), image.getHeight() - panelsBottom);
        assertTrue(containsColour(band, BLUE, 4) && containsColour(band, ORANGE, 4), "each group's swatch in the legend");
    }

    @Test
    void tooManyGroupsGetNoLegend() throws IOException {
        List<SweepPoint> points = new ArrayList<>();
        for (int g = 0; g <= MetricSweepFigure.MAX_LEGEND_ENTRIES; g++) {
            points.add(new SweepPoint("group " + g, 0.1, new double[]{g, g}));
        }
        BufferedImage image = MetricSweepFigure.render("many", "L1 coefficient", METRICS, points);
        assertEquals(TiledFigure.HEADER_HEIGHT + MetricSweepFigure.PANEL_HEIGHT, image.getHeight());
    }

    @Test
    void singlePointsOddValuesAndEmptyPanelsStillRender() throws IOException {
        List<SweepPoint> points = List.of(new SweepPoint("only", 0.5, new double[]{0.7, Double.NaN}),
                new SweepPoint("zero", 0, new double[]{0.1, 3}));
        Path png = dir.resolve("odd.png");
        MetricSweepFigure.write(png, "odd", "L1 coefficient", METRICS, points);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(2 * MetricSweepFigure.PANEL_WIDTH, image.getWidth());
        assertNonTrivial(image, 5);
    }

    @Test
    void rejectsPointsWithTheWrongNumberOfValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MetricSweepFigure.render("t",
                "x", METRICS, List.of(new SweepPoint("g", 1, new double[]{1}))));
        assertEquals("sweep figure 't': point of group g has 1 values for 2 metrics [MMCS, L0]", e.getMessage());
    }

    @Test
    void theXAxisIsLogarithmicOnlyWhenItsValuesSpanADecade() {
        MetricSweepFigure.SeedLine lambdas = line(0.001, 0.01, 0.1);
        MetricSweepFigure.SeedLine expansions = line(2, 4, 8);
        assertTrue(MetricSweepFigure.spansADecade(List.of(lambdas)), "λ over two decades");
        assertFalse(MetricSweepFigure.spansADecade(List.of(expansions)), "2, 4, 8 would get no tick label on a log axis");
        assertTrue(MetricSweepFigure.spansADecade(List.of(expansions, line(0.5))), "the span is over all lines");
        assertFalse(MetricSweepFigure.spansADecade(List.of()), "no data: XChart cannot range a log axis");
    }

    private static MetricSweepFigure.SeedLine line(double... x) {
        return new MetricSweepFigure.SeedLine("g", x, x.clone(), new double[x.length], new int[x.length]);
    }
}
