package dev.superpose.report;

import dev.superpose.files.AtomicFiles;
import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Lays equally sized panel images out in a grid under a title (XChart has no multi-panel layout)
 * and writes PNGs atomically.
 */
public final class TiledFigure {
    /** Height of the band above the panels that holds the title and subtitle. */
    public static final int HEADER_HEIGHT = 56;

    private TiledFigure() {
    }

    /** A near-square grid: ceil(√n) columns, as many rows as needed. */
    public static int columnsFor(int panels) {
        return (int) Math.ceil(Math.sqrt(panels));
    }

    /** The panels in a {@link #columnsFor} grid, row by row, below {@code title} and a smaller {@code subtitle}. */
    public static BufferedImage tile(String title, String subtitle, List<BufferedImage> panels) {
        return tile(title, subtitle, panels, columnsFor(panels.size()));
    }

    /** The panels in a grid of {@code columns} columns, row by row, below {@code title} and {@code subtitle}. */
    public static BufferedImage tile(String title, String subtitle, List<BufferedImage> panels, int columns) {
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("figure '" + title + "' has no panels to draw");
        }
        if (columns < 1) {
            throw new IllegalArgumentException("figure '" + title + "' needs at least 1 column, got " + columns);
        }
        int panelWidth = panels.get(0).getWidth();
        int panelHeight = panels.get(0).getHeight();
        int rows = (panels.size() + columns - 1) / columns;
        BufferedImage image = new BufferedImage(columns * panelWidth, HEADER_HEIGHT + rows * panelHeight,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setColor(Color.BLACK);
            drawCentred(g, title, new Font(Font.SANS_SERIF, Font.BOLD, 18), image.getWidth(), 24);
            drawCentred(g, subtitle, new Font(Font.SANS_SERIF, Font.PLAIN, 13), image.getWidth(), 46);
            for (int k = 0; k < panels.size(); k++) {
                g.drawImage(panels.get(k), (k % columns) * panelWidth, HEADER_HEIGHT + (k / columns) * panelHeight,
                        null);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Writes {@code image} as a PNG, replacing {@code file} atomically. */
    public static void writePng(Path file, BufferedImage image) throws IOException {
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available for " + file);
            }
        });
    }

    /** Centred, in a smaller font (down to 8 pt) when it would not fit: a figure of few panels is narrow. */
    private static void drawCentred(Graphics2D g, String text, Font font, int width, int baseline) {
        Font fitted = font;
        while (g.getFontMetrics(fitted).stringWidth(text) > width - 8 && fitted.getSize() > 8) {
            fitted = fitted.deriveFont((float) fitted.getSize() - 1);
        }
        g.setFont(fitted);
        FontMetrics metrics = g.getFontMetrics();
        g.drawString(text, Math.max(0, (width - metrics.stringWidth(text)) / 2), baseline);
    }
}
