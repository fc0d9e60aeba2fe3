package dev.superpose.report;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks shared by the figure tests: the PNG exists, decodes, has the expected size and real content. */
final class FigureAssertions {
    static {
        // Rendering must not need a display (CI, servers).
        System.setProperty("java.awt.headless", "true");
    }

    private FigureAssertions() {
    }

    static BufferedImage readPng(Path file, int width, int height) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, file + " is not a readable PNG");
        assertEquals(width, image.getWidth(), "width of " + file);
        assertEquals(height, image.getHeight(), "height of " + file);
        return image;
    }

    static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                colours.add(image.getRGB(x, y) & 0xFFFFFF);
            }
        }
        return colours.size();
    }

    /** Whether any pixel is close to {@code rgb} (each channel within {@code tolerance}). */
    static boolean containsColour(BufferedImage image, int rgb, int tolerance) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                if (Math.abs(((p >> 16) & 0xFF) - ((rgb >> 16) & 0xFF)) <= tolerance
                        && Math.abs(((p >> 8) & 0xFF) - ((rgb >> 8) & 0xFF)) <= tolerance
                        && Math.abs((p & 0xFF) - (rgb & 0xFF)) <= tolerance) {
                    return true;
                }
            }
        }
        return false;
    }

    static void assertNonTrivial(BufferedImage image, int minColours) {
        int colours = distinctColours(image);
        assertTrue(colours > minColours, "expected more than " + minColours + " colours, got " + colours);
    }
}
