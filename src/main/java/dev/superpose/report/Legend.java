package dev.superpose.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A categorical legend (colour swatch and name per entry) drawn in a band under a figure: XChart's
 * own legend lists every series, and the figures here draw many series per category.
 */
public final class Legend {
    /** One legend line: a name and its colour. */
    public record Entry(String label, Color colour) {
    }

    private static final int ROW_HEIGHT = 22;
    private static final int SWATCH = 14;
    private static final int GAP = 24;
    private static final int MARGIN = 12;
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

    private Legend() {
    }

    /** {@code figure} with a band below it holding {@code entries}, left to right, wrapping at the figure's width. */
    public static BufferedImage below(BufferedImage figure, List<Entry> entries) {
        if (entries.isEmpty()) {
            return figure;
        }
        FontMetrics metrics = metrics();
        int width = figure.getWidth();
        int rows = 1;
        int x = MARGIN;
        for (Entry entry : entries) {
            int w = entryWidth(metrics, entry);
            if (x + w > width - MARGIN && x > MARGIN) {
                rows++;
                x = MARGIN;
            }
            x += w + GAP;
        }
        BufferedImage image = new BufferedImage(width, figure.getHeight() + rows * ROW_HEIGHT + MARGIN,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.drawImage(figure, 0, 0, null);
            g.setFont(FONT);
            x = MARGIN;
            int y = figure.getHeight() + MARGIN / 2;
            for (Entry entry : entries) {
                int w = entryWidth(metrics, entry);
                if (x + w > width - MARGIN && x > MARGIN) {
                    y += ROW_HEIGHT;
                    x = MARGIN;
                }
                g.setColor(entry.colour());
                g.fillRect(x, y + (ROW_HEIGHT - SWATCH) / 2, SWATCH, SWATCH);
                g.setColor(Color.BLACK);
                g.drawString(entry.label(), x + SWATCH + 6, y + (ROW_HEIGHT + metrics.getAscent()) / 2 - 2);
                x += w + GAP;
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static int entryWidth(FontMetrics metrics, Entry entry) {
        return SWATCH + 6 + metrics.stringWidth(entry.label());
    }

    /** The legend font's metrics, from a throwaway graphics context. */
    private static FontMetrics metrics() {
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        try {
            return g.getFontMetrics(FONT);
        } finally {
            g.dispose();
        }
    }
}
