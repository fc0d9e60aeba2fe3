package dev.superpose.config;

/**
 * {@code data.correlated-sets}, {@code anticorrelated-sets}, {@code set-size} and
 * {@code anticorrelated-mode}: the leading features grouped into sets of {@code size}
 * consecutive features. Features [0, c·k) form the c correlated sets (a set's members are
 * present together, the set with probability p, so each member keeps marginal p); the next
 * a·k features form the a anticorrelated sets (members exclude each other, see
 * {@link AnticorrelatedMode}); the rest are independent. Sets never share draws, so features
 * of different sets are independent.
 */
public record FeatureSets(int correlated, int anticorrelated, int size, AnticorrelatedMode mode) {
    /** No sets: every feature independent. */
    public static final FeatureSets NONE = pairs(0, 0);

    public FeatureSets {
        if (correlated < 0 || anticorrelated < 0 || size < 1) {
            throw new IllegalArgumentException("feature sets need counts >= 0 and a size >= 1, got " + correlated
                    + " correlated and " + anticorrelated + " anticorrelated sets of " + size);
        }
    }

    /** Sets of two, at most one member of an anticorrelated pair present. */
    public static FeatureSets pairs(int correlated, int anticorrelated) {
        return new FeatureSets(correlated, anticorrelated, 2, AnticorrelatedMode.AT_MOST_ONE);
    }

    /** Features that belong to a set: (correlated + anticorrelated)·size. */
    public long groupedFeatures() {
        return ((long) correlated + anticorrelated) * size;
    }
}
