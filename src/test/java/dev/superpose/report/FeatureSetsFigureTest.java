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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureSetsFigureTest {
    @TempDir
    Path dir;

    /** Two anticorrelated pairs, each antipodal, and one feature in no set. */
    private static PanelWeights twoPairs() {
        float[] w = {1, -1, 0, 0, 0.6f, 0, 0, 1, -1, 0.6f};
        return new PanelWeights("anticorrelated", 2, 5, w, new float[5], new double[5]);
    }

    private static int rgb(java.awt.Color c) {
        return c.getRGB() & 0xFFFFFF;
    }

    @Test
    void featuresTakeTheirSetsColoursAndTheLegendNamesTheSets() throws IOException {
        Path png = dir.resolve("plots/sets.png");
        FeatureSetsFigure.write(png, "sets", List.of(twoPairs(), twoPairs()),
                new FeatureSetsFigure.FeatureSets(new int[]{0, 0, 1, 1, -1}, List.of("pair A", "pair B")));

        BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
        assertNotNull(image);
        assertEquals(2 * FeatureSetsFigure.PANEL_WIDTH, image.getWidth());
        assertTrue(image.getHeight() > TiledFigure.HEADER_HEIGHT + FeatureSetsFigure.PANEL_HEIGHT,
                "a legend band below the panels");
        assertTrue(containsColour(image, rgb(CategoryColors.of(0)), 4));
        assertTrue(containsColour(image, rgb(CategoryColors.of(1)), 4));
        assertTrue(containsColour(image, rgb(CategoryColors.NONE), 4));
        assertFalse(containsColour(image, rgb(CategoryColors.of(2)), 4), "no third set");
    }

    @Test
    void setIdsMustNameASetOrNone() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FeatureSetsFigure.FeatureSets(new int[]{0, 2}, List.of("a", "b")));
        assertEquals("feature 1 is in set 2, but sets are numbered 0 to 1 (or -1 for none)", e.getMessage());
    }

    @Test
    void everyPanelNeedsOneSetPerFeatureAndTwoDimensions() {
        FeatureSetsFigure.FeatureSets three = new FeatureSetsFigure.FeatureSets(new int[]{0, 0, 0}, List.of("a"));
        assertEquals("panel 'anticorrelated' has 5 features but the sets name 3", assertThrows(
                IllegalArgumentException.class, () -> FeatureSetsFigure.render("t", List.of(twoPairs()), three))
                .getMessage());
        PanelWeights line = new PanelWeights("1d", 1, 3, new float[3], new float[3], new double[3]);
        assertEquals("feature directions need 2 hidden dimensions, panel '1d' has 1", assertThrows(
                IllegalArgumentException.class, () -> FeatureSetsFigure.render("t", List.of(line), three))
                .getMessage());
    }
}
