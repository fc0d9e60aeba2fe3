package dev.superpose.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.superpose.report.FigureAssertions.assertNonTrivial;
import static dev.superpose.report.FigureAssertions.containsColour;
import static dev.superpose.report.FigureAssertions.readPng;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecoderDirectionsFigureTest {
    private static final int WIDTH = DecoderDirectionsFigure.PANEL_WIDTH;
    private static final int HEIGHT = DecoderDirectionsFigure.PANEL_HEIGHT;
    private static final int GREY = 0xBBBBBB;
    private static final int BLUE = 0x1F77B4;
    private static final int RED = 0xD62728;

    @TempDir
    Path dir;

    /** n unit directions evenly around the circle, turned by {@code offset} radians and scaled by {@code length}. */
    private static float[] circle(int n, double offset, double length) {
        float[] rows = new float[2 * n];
        for (int i = 0; i < n; i++) {
            rows[2 * i] = (float) (length * Math.cos(offset + 2 * Math.PI * i / n));
            rows[2 * i + 1] = (float) (length * Math.sin(offset + 2 * Math.PI * i / n));
        }
        return rows;
    }

    private static boolean[] flags(int n, boolean value) {
        boolean[] flags = new boolean[n];
        Arrays.fill(flags, value);
        return flags;
    }

    @Test
    void drawsTruthGreyLiveLatentsBlueAndDeadLatentsRed() throws IOException {
        boolean[] alive = {true, true, true, false};
        DecoderPanel panel = new DecoderPanel("l1 = 0.01", circle(4, 0.1, 3), alive, circle(5, 0, 1));
        Path png = dir.resolve("decoder.png");
        DecoderDirectionsFigure.write(png, "decoder directions", List.of(panel));

        BufferedImage image = readPng(png, WIDTH, TiledFigure.HEADER_HEIGHT + HEIGHT);
        assertNonTrivial(image, 10);
        assertTrue(containsColour(image, GREY, 2), "true features");
        assertTrue(containsColour(image, BLUE, 4), "live latents");
        assertTrue(containsColour(image, RED, 8), "the dead latent");
    }

    @Test
    void withoutGroundTruthOrDeadLatentsThoseColoursAreAbsent() throws IOException {
        DecoderPanel panel = new DecoderPanel("no truth", circle(6, 0, 1), flags(6, true), new float[0]);
        Path png = dir.resolve("plain.png");
        DecoderDirectionsFigure.write(png, "plain", List.of(panel));

        // the panel only: the header's anti-aliased text may hold any grey
        BufferedImage image = readPng(png, WIDTH, TiledFigure.HEADER_HEIGHT + HEIGHT)
                .getSubimage(0, TiledFigure.HEADER_HEIGHT, WIDTH, HEIGHT);
        assertTrue(containsColour(image, BLUE, 4));
        assertFalse(containsColour(image, GREY, 0), "no true features");
        assertFalse(containsColour(image, RED, 30), "no dead latents");
    }

    @Test
    void manyPanelsTileAndZeroRowsRender() throws IOException {
        List<DecoderPanel> panels = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            panels.add(new DecoderPanel("seed " + k, circle(3 + k, k, 0.5 + k), flags(3 + k, k % 2 == 0),
                    circle(4, 0, 1)));
        }
        panels.add(new DecoderPanel("zero", new float[2], new boolean[]{true}, circle(4, 0, 1)));
        Path png = dir.resolve("many.png");
        DecoderDirectionsFigure.write(png, "many", panels);
        assertNonTrivial(readPng(png, 3 * WIDTH, TiledFigure.HEADER_HEIGHT + 2 * HEIGHT), 10);
    }

    @Test
    void rejectsRowsThatAreNotTwoDimensional() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DecoderPanel("3d", new float[3], new boolean[1], new float[0]));
        assertEquals("decoder panel '3d': decoder and true features must be rows of 2 values (decoder at least one),"
                + " got 3 and 0 values", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new DecoderPanel("flags", new float[4], new boolean[1], new float[0]));
    }
}
