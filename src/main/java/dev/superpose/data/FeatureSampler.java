package dev.superpose.data;

import dev.superpose.config.DataConfig;
import dev.superpose.config.Magnitude;

/**
 * Draws one trial's synthetic TMS inputs. Each feature is present with probability p and then
 * takes a magnitude (U[0,1] or clip(0.5 + 0.2·N(0,1), 0, 1)); features (0,1), (2,3), … of the
 * first {@code correlatedPairs} pairs are present together, the next {@code anticorrelatedPairs}
 * pairs are never both present (each keeps marginal p), the rest are independent.
 *
 * <p>Sample b of step t is a pure function of (seed, t, b): see {@link CounterRandom}. Draw k of
 * a row is the presence (high 32 bits) and uniform magnitude (low 32 bits) of feature k; the
 * normal magnitude uses draws F+k and 2F+k, so it is independent of the presence bits.
 */
public final class FeatureSampler {
    /** Separates data draws from every other use of the same seed (e.g. weight init). */
    public static final long DATA_DOMAIN = 0x44415441L; // "DATA"

    private final int features;
    private final long seed;
    private final long threshold;
    private final boolean normalMagnitude;
    private final int correlatedEnd;
    private final int anticorrelatedEnd;

    public FeatureSampler(int features, DataConfig data, long seed) {
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
        this.features = features;
        this.seed = seed;
        this.threshold = CounterRandom.threshold(p);
        this.normalMagnitude = data.magnitude() == Magnitude.NORMAL;
        this.correlatedEnd = 2 * data.correlatedPairs();
        this.anticorrelatedEnd = correlatedEnd + 2 * data.anticorrelatedPairs();
    }

    public int features() {
        return features;
    }

    /**
     * Writes samples 0..batch-1 of {@code step} as a row-major [batch, features] block into
     * {@code target} starting at {@code offset}; absent features are written as 0.
     */
    public void fill(long step, int batch, float[] target, int offset) {
        long stepKey = CounterRandom.stepKey(seed, DATA_DOMAIN, step);
        for (int b = 0; b < batch; b++) {
            fillRow(CounterRandom.rowKey(stepKey, b), target, offset + b * features);
        }
    }

    private void fillRow(long key, float[] target, int rowStart) {
        int f = 0;
        for (; f < correlatedEnd; f += 2) {
            boolean present = CounterRandom.high32(CounterRandom.bits(key, f)) < threshold;
            target[rowStart + f] = present ? magnitude(key, f) : 0f;
            target[rowStart + f + 1] = present ? magnitude(key, f + 1) : 0f;
        }
        for (; f < anticorrelatedEnd; f += 2) {
            long u = CounterRandom.high32(CounterRandom.bits(key, f));
            target[rowStart + f] = u < threshold ? magnitude(key, f) : 0f;
            target[rowStart + f + 1] = u >= threshold && u < 2 * threshold ? magnitude(key, f + 1) : 0f;
        }
        if (normalMagnitude) {
            for (; f < features; f++) {
                target[rowStart + f] = CounterRandom.high32(CounterRandom.bits(key, f)) < threshold ? magnitude(key, f) : 0f;
            }
        } else {
            fillIndependentUniform(key, f, target, rowStart);
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

    private float magnitude(long key, int f) {
        return magnitude(key, f, CounterRandom.bits(key, f));
    }

    private float magnitude(long key, int f, long bits) {
        if (!normalMagnitude) {
            return (float) CounterRandom.lowUniform(bits);
        }
        double z = CounterRandom.gaussian(CounterRandom.bits(key, features + f), CounterRandom.bits(key, 2L * features + f));
        return (float) Math.min(1.0, Math.max(0.0, 0.5 + 0.2 * z));
    }
}
