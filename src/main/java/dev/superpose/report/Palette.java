package dev.superpose.report;

import java.awt.Color;

/** Categorical colours for lines and groups: Tableau's 10, distinguishable and readable on white. */
public final class Palette {
    private static final Color[] COLOURS = {new Color(0x1F77B4), new Color(0xFF7F0E), new Color(0x2CA02C),
            new Color(0xD62728), new Color(0x9467BD), new Color(0x8C564B), new Color(0xE377C2),
            new Color(0x7F7F7F), new Color(0xBCBD22), new Color(0x17BECF)};

    /** Categories that get distinct colours. */
    static final int SIZE = COLOURS.length;

    private Palette() {
    }

    /** The colour of category {@code k}, cycling after 10. */
    public static Color categorical(int k) {
        return COLOURS[Math.floorMod(k, COLOURS.length)];
    }
}
