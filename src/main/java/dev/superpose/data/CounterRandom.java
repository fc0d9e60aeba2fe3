package dev.superpose.data;

/**
 * Counter-based randomness: every draw is a pure function of its coordinates (seed, domain,
 * step, row, counter), hashed with the SplitMix64 finaliser. No generator state exists, so a
 * draw does not depend on what else was drawn before it: an instance's data at step t is the
 * same alone or in any stack, and resuming at step t needs nothing but t.
 */
public final class CounterRandom {
    /** SplitMix64's increment (2^64 / golden ratio): consecutive counters land far apart. */
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final double TWO_POW_MINUS_24 = 1.0 / (1 << 24);
    private static final double TWO_POW_32 = 4294967296.0;

    private CounterRandom() {
    }

    /** The SplitMix64 finaliser: a bijective 64-bit mix with full avalanche. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A key for the row {@code (seed, domain, step, row)}; draws within the row use {@link #bits}. */
    public static long rowKey(long seed, long domain, long step, long row) {
        return rowKey(stepKey(seed, domain, step), row);
    }

    /** The part of a row key shared by all rows of a step: hoisted out of per-row loops. */
    public static long stepKey(long seed, long domain, long step) {
        return mix(mix(seed ^ mix(domain + GOLDEN)) + (step + 1) * GOLDEN);
    }

    /** The key of row {@code row} under {@link #stepKey}. */
    public static long rowKey(long stepKey, long row) {
        return mix(stepKey + (row + 1) * GOLDEN);
    }

    /** 64 random bits for draw number {@code counter} of the row {@code rowKey}. */
    public static long bits(long rowKey, long counter) {
        return mix(rowKey + (counter + 1) * GOLDEN);
    }

    /** The high 32 bits as an unsigned value in [0, 2^32): compare against {@link #threshold}. */
    public static long high32(long bits) {
        return bits >>> 32;
    }

    /** A uniform float-precision value in [0, 1) from the low 32 bits (24 significant bits). */
    public static double lowUniform(long bits) {
        return ((bits & 0xFFFFFFFFL) >>> 8) * TWO_POW_MINUS_24;
    }

    /** A uniform double in (0, 1] from all 64 bits (never 0: safe inside a logarithm). */
    public static double openUniform(long bits) {
        return ((bits >>> 11) + 1) * 0x1.0p-53;
    }

    /** The 32-bit threshold t with P(high32 &lt; t) = p, for p in [0, 1]. */
    public static long threshold(double p) {
        return Math.round(p * TWO_POW_32);
    }

    /** A standard normal draw (Box–Muller) from two independent 64-bit draws. */
    public static double gaussian(long bits1, long bits2) {
        double radius = Math.sqrt(-2.0 * Math.log(openUniform(bits1)));
        return radius * Math.cos(2.0 * Math.PI * openUniform(bits2));
    }
}
