package dev.superpose.data;

/**
 * A sampler that draws a batch row by row, each sample from its own counter key: sample b of
 * step t is a pure function of (seed, t, b). Subclasses draw one row; they may keep scratch
 * space, so a sampler is not thread-safe (a stack's samplers are filled from one thread).
 */
abstract class RowSampler implements FeatureSampler {
    final int features;
    final long seed;

    RowSampler(int features, long seed) {
        this.features = features;
        this.seed = seed;
    }

    @Override
    public final int features() {
        return features;
    }

    @Override
    public final void fill(long step, int batch, float[] target, int offset) {
        long stepKey = CounterRandom.stepKey(seed, DATA_DOMAIN, step);
        for (int b = 0; b < batch; b++) {
            fillRow(CounterRandom.rowKey(stepKey, b), target, offset + b * features);
        }
    }

    /** Draws one sample from its counter {@code key} into {@code target[rowStart, rowStart + features)}. */
    abstract void fillRow(long key, float[] target, int rowStart);
}
