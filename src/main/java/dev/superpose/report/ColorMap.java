package dev.superpose.report;

import java.awt.Color;
import java.util.List;

/** A colour scale: evenly spaced colour stops, linearly interpolated over [0, 1]. */
public record ColorMap(List<Color> stops) {
    /** Sequential dark purple → yellow (matplotlib's viridis, sampled), for magnitudes such as importance. */
    public static final ColorMap VIRIDIS = new ColorMap(List.of(new Color(0x440154), new Color(0x3B528B),
            new Color(0x21918C), new Color(0x5EC962), new Color(0xFDE725)));
    /** Black (none) → red → yellow (much), for how strongly a feature is superposed with others. */
    public static final ColorMap SUPERPOSITION = new ColorMap(List.of(Color.BLACK, new Color(0xC0392B),
            new Color(0xF5C518)));
    /** Diverging blue (negative) → white (0) → red (positive), for values centred at zero. */
    public static final ColorMap DIVERGING = new ColorMap(List.of(new Color(0x2166AC), new Color(0x92C5DE),
            Color.WHITE, new Color(0xF4A582), new Color(0xB2182B)));

    public ColorMap {
        if (stops.size() < 2) {
            throw new IllegalArgumentException("a colour map needs at least 2 stops, got " + stops.size());
        }
        stops = List.copyOf(stops);
    }

    /** The colour at {@code t}, clamped to [0, 1]; NaN maps to the low end. */
    public Color at(double t) {
        double clamped = t > 1 ? 1 : t > 0 ? t : 0;
        double position = clamped * (stops.size() - 1);
        int low = Math.min((int) position, stops.size() - 2);
        double fraction = position - low;
        Color a = stops.get(low);
        Color b = stops.get(low + 1);
        return new Color(mix(a.getRed(), b.getRed(), fraction), mix(a.getGreen(), b.getGreen(), fraction),
                mix(a.getBlue(), b.getBlue(), fraction));
    }

    /** The colour of {@code value} on a scale from {@code min} to {@code max} (the middle if they are equal). */
    public Color at(double value, double min, double max) {
        return at(max > min ? (value - min) / (max - min) : 0.5);
    }

    private static int mix(int a, int b, double fraction) {
        return (int) Math.round(a + (b - a) * fraction);
    }
}
