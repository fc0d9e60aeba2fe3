package dev.superpose.data;

import dev.superpose.config.DataConfig;
import dev.superpose.config.DataGenerator;

/**
 * {@code data.kind = sparse} and {@code lomax}. Each feature is present with probability p and
 * then takes a magnitude ({@code data.magnitude} for sparse, ±Lomax for lomax); features (0,1),
 * (2,3), … of the first {@code correlatedPairs} pairs are present together, the next
 * {@code anticorrelatedPairs} pairs are never both present (each keeps marginal p), the rest
 * are independent.
 *
 * <p>Draw k of a row is the presence (high 32 bits) and uniform magnitude (low 32 bits) of
 * feature k; other magnitudes use draws F+k and 2F+k ({@link MagnitudeDraw}).
 */
final class SparseSampler extends RowSampler {
    private final long threshold;
    private final MagnitudeDraw magnitude;
    private final int correlatedEnd;
    private final int anticorrelatedEnd;

    SparseSampler(int features, DataConfig data, long seed) {
        super(features, seed);
        double p = data.featureProbability();
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("feature probability must be in [0, 1], got " + p);
        }
        int pairedFeatures = 2 * (data.correlatedPairs() + data.anticorrelatedPairs());
        if (data.correlatedPairs() < 0 || data.anticorrelatedPairs() < 0 || pairedFeatures > features) {
            throw new IllegalArgumentException("correlated + anticorrelated pairs must be >= 0 and fit in "
                    + features + " features, got " + data.correlatedPairs() + " + " + data.anticorrelatedPairs());
        }
        if (data.anticorrelatedPairs() > 0 && p > 0.5) {
            throw new IllegalArgumentException("anticorrelated pairs need feature probability <= 0.5, got " + p);
        }
        this.threshold = CounterRandom.threshold(p);
        this.magnitude = data.generator() instanceof DataGenerator.Lomax lomax
                ? MagnitudeDraw.lomax(lomax.shape(), features) : MagnitudeDraw.of(data.magnitude(), features);
        this.correlatedEnd = 2 * data.correlatedPairs();
        this.anticorrelatedEnd = correlatedEnd + 2 * data.anticorrelatedPairs();
    }

    @Override
    void fillRow(long key, float[] target, int rowStart) {
        int f = 0;
        for (; f < correlatedEnd; f += 2) {
            boolean present = CounterRandom.high32(CounterRandom.bits(key, f)) < threshold;
            target[rowStart + f] = present ? magnitude.value(key, f) : 0f;
            target[rowStart + f + 1] = present ? magnitude.value(key, f + 1) : 0f;
        }
        for (; f < anticorrelatedEnd; f += 2) {
            long u = CounterRandom.high32(CounterRandom.bits(key, f));
            target[rowStart + f] = u < threshold ? magnitude.value(key, f) : 0f;
            target[rowStart + f + 1] = u >= threshold && u < 2 * threshold ? magnitude.value(key, f + 1) : 0f;
        }
        if (magnitude == MagnitudeDraw.UNIFORM) {
            fillIndependentUniform(key, f, target, rowStart);
        } else {
            for (; f < features; f++) {
                target[rowStart + f] = CounterRandom.high32(CounterRandom.bits(key, f)) < threshold ? magnitude.value(key, f) : 0f;
            }
        }
    }

    /**
     * The hot loop (most features of most sweeps): branch-free, because presence is a coin flip
     * the CPU cannot predict. Same values as {@link CounterRandom#lowUniform} where present.
     */
    private void fillIndependentUniform(long key, int from, float[] target, int rowStart) {
        for (int f = from; f < features; f++) {
            long bits = CounterRandom.bits(key, f);
            long present = (CounterRandom.high32(bits) - threshold) >>> 63; // 1 iff high32 < threshold
            target[rowStart + f] = (((bits & 0xFFFFFFFFL) >>> 8) * present) * 0x1.0p-24f;
        }
    }
}
