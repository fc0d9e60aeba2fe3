package dev.superpose.data.source;

import dev.superpose.data.CounterRandom;
import dev.superpose.data.FeatureSampler;

import java.util.Arrays;
import java.util.Optional;

/**
 * {@code source.kind = gaussian}: the null baseline. Independent Gaussian values with the
 * per-dimension (or one scalar) mean and standard deviation of a reference source, and no features at all: a
 * dictionary an SAE finds here is an artefact of the method, not structure in the data.
 */
public final class GaussianSource implements ActivationSource {
    private final double[] mean;
    private final double[] std;
    private final long seed;

    public GaussianSource(double[] mean, double[] std, long seed) {
        if (mean.length < 1 || mean.length != std.length) {
            throw new IllegalArgumentException("gaussian source needs one mean and one std per dimension, got "
                    + mean.length + " and " + std.length);
        }
        for (int c = 0; c < mean.length; c++) {
            if (!Double.isFinite(mean[c]) || !(std[c] >= 0 && Double.isFinite(std[c]))) {
                throw new IllegalArgumentException("gaussian source dimension " + c
                        + ": needs a finite mean and a finite std >= 0, got " + mean[c] + " and " + std[c]);
            }
        }
        this.mean = mean.clone();
        this.std = std.clone();
        this.seed = seed;
    }

    /** Matches the column means and standard deviations of {@code reference} (at least 2 rows). */
    public static GaussianSource matching(Activations reference, long seed) {
        if (reference.rows() < 2) {
            throw new IllegalArgumentException("gaussian source: a reference sample needs at least 2 rows to give a "
                    + "standard deviation, got " + reference.rows());
        }
        return new GaussianSource(reference.columnMeans(), reference.columnStds(), seed);
    }

    /**
     * One mean and one standard deviation (ddof 1) over all values of {@code reference}, for every
     * dimension: the study's {@code samples.mean()} and {@code samples.std()} in l1_coef.py.
     */
    public static GaussianSource matchingScalar(Activations reference, long seed) {
        float[] values = reference.values();
        if (values.length < 2) {
            throw new IllegalArgumentException("gaussian source: a reference sample needs at least 2 values to give a "
                    + "standard deviation, got " + values.length);
        }
        double sum = 0;
        for (float v : values) {
            sum += v;
        }
        double mean = sum / values.length;
        double squares = 0;
        for (float v : values) {
            squares += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(squares / (values.length - 1));
        double[] means = new double[reference.dim()];
        double[] stds = new double[reference.dim()];
        Arrays.fill(means, mean);
        Arrays.fill(stds, std);
        return new GaussianSource(means, stds, seed);
    }

    @Override
    public int dim() {
        return mean.length;
    }

    @Override
    public Optional<GroundTruth> groundTruth() {
        return Optional.empty();
    }

    @Override
    public void fill(long step, int batch, float[] target, int offset) {
        long stepKey = CounterRandom.stepKey(seed, FeatureSampler.DATA_DOMAIN, step);
        int dim = mean.length;
        for (int b = 0; b < batch; b++) {
            long key = CounterRandom.rowKey(stepKey, b);
            for (int c = 0; c < dim; c++) {
                double z = CounterRandom.gaussian(CounterRandom.bits(key, 2L * c), CounterRandom.bits(key, 2L * c + 1));
                target[offset + b * dim + c] = (float) (mean[c] + std[c] * z);
            }
        }
    }
}
