package dev.superpose.data;

/**
 * {@code data.dataset-size} = T &gt; 0: a fixed training set of T samples, the whole of which is
 * every step's batch (full-batch training, as in Henighan et al. 2023). The set is the source
 * sampler's draw at step {@value #DATASET_STEP}: the same source's fresh steps count from 0, so
 * test samples drawn from it never repeat a training sample, while the kind's fixed structure
 * (topics, correlation matrix) stays the trial's own. Nothing is stored: the set is redrawn
 * when asked for, and trainers that see {@link #fixedBatch()} draw it once.
 */
final class FixedDataset implements FeatureSampler {
    static final long DATASET_STEP = -1;

    private final FeatureSampler source;
    private final int size;

    FixedDataset(FeatureSampler source, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a fixed training set needs at least one sample, got " + size);
        }
        this.source = source;
        this.size = size;
    }

    @Override
    public int features() {
        return source.features();
    }

    /** The training set whatever the step; {@code batch} must be its size T. */
    @Override
    public void fill(long step, int batch, float[] target, int offset) {
        if (batch != size) {
            throw new IllegalArgumentException("a fixed training set of " + size + " samples is every step's whole"
                    + " batch, asked for a batch of " + batch);
        }
        source.fill(DATASET_STEP, size, target, offset);
    }

    @Override
    public boolean fixedBatch() {
        return true;
    }
}
