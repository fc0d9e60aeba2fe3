package dev.superpose.data;

import dev.superpose.config.AnticorrelatedMode;
import dev.superpose.config.DataConfig;
import dev.superpose.config.DataGenerator;
import dev.superpose.config.FeatureSets;

/**
 * {@code data.kind = sparse} and {@code lomax}. Each feature is present with probability p and
 * then takes a magnitude ({@code data.magnitude} for sparse, ±Lomax for lomax), except the
 * feature sets ({@link FeatureSets}): the first {@code correlated} sets of k consecutive
 * features are present together (the set with probability p), the next {@code anticorrelated}
 * sets hold at most one present member, each with probability p ({@code at-most-one}), or
 * exactly one, chosen uniformly ({@code exactly-one}). The rest are independent.
 *
 * <p>Draw k of a row is the presence (high 32 bits) and uniform magnitude (low 32 bits) of
 * feature k; other magnitudes use draws F+k and 2F+k ({@link MagnitudeDraw}). A set's presence
 * comes from the high 32 bits u of its first member's draw: an at-most-one set's member m is
 * present when u falls in [m·t, (m+1)·t), t = 2^32·p, so pairs draw what the earlier pair
 * settings drew; an exactly-one set's member is ⌊u·k / 2^32⌋.
 */
final class SparseSampler extends RowSampler {
    private final long threshold;
    private final MagnitudeDraw magnitude;
    private final int setSize;
    private final int correlatedEnd;
    private final int anticorrelatedEnd;
    private final boolean exactlyOne;
    /** Independent features with a uniform magnitude: value = (low 24 bits − offset)·scale, see {@link #fillIndependentUniform}. */
    private final boolean uniformMagnitude;
    private final long uniformOffset;
    private final float uniformScale;

    SparseSampler(int features, DataConfig data, long seed) {
        super(features, seed);
        double p = data.featureProbability();
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("feature probability must be in [0, 1], got " + p);
        }
        FeatureSets sets = data.sets();
        if (sets.groupedFeatures() > features) {
            throw new IllegalArgumentException("(correlated + anticorrelated sets) * set size must fit in " + features
                    + " features, got (" + sets.correlated() + " + " + sets.anticorrelated() + ") * " + sets.size());
        }
        this.exactlyOne = sets.mode() == AnticorrelatedMode.EXACTLY_ONE;
        if (sets.anticorrelated() > 0 && !exactlyOne && p > 1.0 / sets.size()) {
            throw new IllegalArgumentException("anticorrelated sets of " + sets.size() + " with at most one member present"
                    + " need feature probability <= 1/" + sets.size() + ", got " + p);
        }
        this.threshold = CounterRandom.threshold(p);
        this.magnitude = data.generator() instanceof DataGenerator.Lomax lomax
                ? MagnitudeDraw.lomax(lomax.shape(), features) : MagnitudeDraw.of(data.magnitude(), features);
        this.setSize = sets.size();
        this.correlatedEnd = sets.correlated() * setSize;
        this.anticorrelatedEnd = correlatedEnd + sets.anticorrelated() * setSize;
        this.uniformMagnitude = magnitude == MagnitudeDraw.UNIFORM || magnitude == MagnitudeDraw.SIGNED_UNIFORM;
        boolean signed = magnitude == MagnitudeDraw.SIGNED_UNIFORM;
        this.uniformOffset = signed ? 1L << 23 : 0;
        this.uniformScale = signed ? 0x1.0p-23f : 0x1.0p-24f;
    }

    @Override
    void fillRow(long key, float[] target, int rowStart) {
        int f = 0;
        for (; f < correlatedEnd; f += setSize) {
            boolean present = CounterRandom.high32(CounterRandom.bits(key, f)) < threshold;
            for (int m = f; m < f + setSize; m++) {
                target[rowStart + m] = present ? magnitude.value(key, m) : 0f;
            }
        }
        for (; f < anticorrelatedEnd; f += setSize) {
            long u = CounterRandom.high32(CounterRandom.bits(key, f));
            long member = exactlyOne ? (u * setSize) >>> 32 : threshold == 0 ? setSize : u / threshold;
            for (int m = 0; m < setSize; m++) {
                target[rowStart + f + m] = m == member ? magnitude.value(key, f + m) : 0f;
            }
        }
        if (uniformMagnitude) {
            fillIndependentUniform(key, f, target, rowStart);
        } else {
            for (; f < features; f++) {
                target[rowStart + f] = CounterRandom.high32(CounterRandom.bits(key, f)) < threshold ? magnitude.value(key, f) : 0f;
            }
        }
    }

    /**
     * The hot loop (most features of most sweeps): branch-free, because presence is a coin flip
     * the CPU cannot predict. The same values as {@link MagnitudeDraw#UNIFORM} (n·2^-24) or
     * {@link MagnitudeDraw#SIGNED_UNIFORM} ((n − 2^23)·2^-23) where present, n the low 32 bits'
     * top 24: both exact in float.
     */
    private void fillIndependentUniform(long key, int from, float[] target, int rowStart) {
        for (int f = from; f < features; f++) {
            long bits = CounterRandom.bits(key, f);
            long present = (CounterRandom.high32(bits) - threshold) >>> 63; // 1 iff high32 < threshold
            target[rowStart + f] = ((((bits & 0xFFFFFFFFL) >>> 8) - uniformOffset) * present) * uniformScale;
        }
    }
}
