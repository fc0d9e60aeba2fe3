package dev.superpose.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static dev.superpose.report.FigureAssertions.containsColour;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhaseDiagramFigureTest {
    private static final List<String> NAMES = List.of("not learned", "dedicated", "antipodal", "other");
    private static final List<String> R = List.of("0.1", "1", "10");
    private static final List<String> P = List.of("1", "0.1");

    @TempDir
    Path dir;

    private static PhaseDiagramFigure.Grid grid(String title, int[][] categories) {
        return new PhaseDiagramFigure.Grid(title, "relative importance", R, "density", P, categories);
    }

    private static int rgb(int category) {
        return CategoryColors.of(category).getRGB() & 0xFFFFFF;
    }

    @Test
    void learnedBesideAnalyticShowsExactlyTheCategoriesThatOccur() throws IOException {
        int[][] learned = {{0, -1, 1}, {2, 2, 2}};
        int[][] analytic = {{0, 1, 1}, {2, 2, 2}};
        Path png = dir.resolve("plots/phase.png");
        PhaseDiagramFigure.write(png, "2 in 1", NAMES, List.of(grid("learned", learned), grid("analytic", analytic)));

        BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
        assertEquals(2 * PhaseDiagramFigure.PANEL_WIDTH, image.getWidth());
        assertTrue(image.getHeight() > TiledFigure.HEADER_HEIGHT + PhaseDiagramFigure.PANEL_HEIGHT, "legend band");
        for (int category = 0; category < 3; category++) {
            assertTrue(containsColour(image, rgb(category), 0), "category " + category + " is drawn exactly");
        }
        assertFalse(containsColour(image, rgb(3), 10), "a category no cell has is neither drawn nor listed");
    }

    @Test
    void manyColumnsAndASingleCategoryRender() throws IOException {
        List<String> columns = java.util.stream.IntStream.range(0, 20).mapToObj(i -> "r" + i).toList();
        int[][] cells = new int[2][20];
        Path png = dir.resolve("wide.png");
        PhaseDiagramFigure.write(png, "one regime", List.of("antipodal"), List.of(
                new PhaseDiagramFigure.Grid("analytic", "r", columns, "p", P, cells)));
        assertTrue(containsColour(javax.imageio.ImageIO.read(png.toFile()), rgb(0), 0));
    }

    @Test
    void aGridWithoutModelsYetStillRenders() throws IOException {
        Path png = dir.resolve("early.png");
        PhaseDiagramFigure.write(png, "early", NAMES, List.of(grid("learned", new int[][]{{-1, -1, -1}, {-1, -1, -1}}),
                grid("analytic", new int[][]{{0, 0, 1}, {2, 2, 2}})));
        BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
        assertFalse(containsColour(image.getSubimage(0, 0, PhaseDiagramFigure.PANEL_WIDTH,
                TiledFigure.HEADER_HEIGHT + PhaseDiagramFigure.PANEL_HEIGHT), rgb(2), 10), "the learned panel is empty");
        assertTrue(containsColour(image, rgb(2), 0));
    }

    @Test
    void rejectsShapesAndCategoriesThatDoNotFit() {
        assertEquals("grid 'g' has 2 row labels but 1 rows", assertThrows(IllegalArgumentException.class,
                () -> grid("g", new int[][]{{0, 0, 0}})).getMessage());
        assertEquals("grid 'g' has 3 column labels but row 1 has 2 cells", assertThrows(
                IllegalArgumentException.class, () -> grid("g", new int[][]{{0, 0, 0}, {0, 0}})).getMessage());
        assertEquals("grid 'g' has category 4, but categories are numbered 0 to 3 (or -1 for empty)", assertThrows(
                IllegalArgumentException.class, () -> PhaseDiagramFigure.render("t", NAMES,
                        List.of(grid("g", new int[][]{{0, 4, 0}, {0, 0, 0}})))).getMessage());
    }
}
