package dev.superpose.data.source;

import dev.superpose.data.CounterRandom;
import dev.superpose.data.FeatureSampler;

import java.util.Optional;

/**
 * A finite data set (GloVe vectors, a .npy file) as a source. Sample b of step t is the
 * training row with a counter-drawn index: drawn with replacement, so a batch needs nothing but
 * (seed, t, b) and a resumed run continues exactly. The held-out rows are the test split.
 */
public final class DatasetSource implements ActivationSource {
    private final Split split;
    private final long seed;

    public DatasetSource(Split split, long seed) {
        this.split = split;
        this.seed = seed;
    }

    public Split split() {
        return split;
    }

    @Override
    public int dim() {
        return split.train().dim();
    }

    @Override
    public Optional<GroundTruth> groundTruth() {
        return Optional.empty();
    }

    @Override
    public void fill(long step, int batch, float[] target, int offset) {
        Activations train = split.train();
        int dim = train.dim();
        long stepKey = CounterRandom.stepKey(seed, FeatureSampler.DATA_DOMAIN, step);
        for (int b = 0; b < batch; b++) {
            int row = Split.below(CounterRandom.bits(CounterRandom.rowKey(stepKey, b), 0), train.rows());
            System.arraycopy(train.values(), row * dim, target, offset + b * dim, dim);
        }
    }

    /** The first {@code rows} test rows. */
    @Override
    public Activations heldOut(int rows) {
        if (rows > split.test().rows()) {
            throw new IllegalArgumentException("asked for " + rows + " held-out rows but the test split has "
                    + split.test().rows());
        }
        return split.test().head(rows);
    }
}
