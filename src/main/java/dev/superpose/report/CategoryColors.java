package dev.superpose.report;

import java.awt.Color;
import java.util.List;

/**
 * Colours for categories (feature sets, phase regimes): Okabe and Ito's colour-blind-safe
 * palette, without its black (which the weight figures use for "not superposed").
 */
public final class CategoryColors {
    private static final List<Color> COLOURS = List.of(new Color(0xE69F00), new Color(0x56B4E9),
            new Color(0x009E73), new Color(0xD55E00), new Color(0x0072B2), new Color(0xCC79A7),
            new Color(0xF0E442));
    /** For "no category", e.g. a feature in no set. */
    public static final Color NONE = new Color(0xA0A0A0);

    private CategoryColors() {
    }

    /** The colour of category {@code index} (≥ 0); beyond the palette's 7 colours they repeat. */
    public static Color of(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("category index must be at least 0, got " + index);
        }
        return COLOURS.get(index % COLOURS.size());
    }
}
