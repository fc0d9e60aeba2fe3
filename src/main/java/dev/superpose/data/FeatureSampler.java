package dev.superpose.data;

import dev.superpose.config.DataConfig;
import dev.superpose.config.DataGenerator;

/**
 * Draws one trial's synthetic inputs, batch by batch. Sample b of step t is a pure function of
 * (trial config, seed, t, b) (see {@link CounterRandom}), and any fixed structure a kind has
 * (topics, correlation matrix, a fixed training set) is a pure function of (config, seed): an
 * instance draws the same data alone or in any stack, and a resumed run continues exactly.
 */
public interface FeatureSampler {
    /** Separates data draws from every other use of the same seed (e.g. weight init). */
    long DATA_DOMAIN = 0x44415441L; // "DATA"

    int features();

    /**
     * Writes samples 0..batch-1 of {@code step} as a row-major [batch, features] block into
     * {@code target} starting at {@code offset}; absent features are written as 0.
     */
    void fill(long step, int batch, float[] target, int offset);

    /** Whether every step's batch is the same (a fixed training set): a trainer may draw it once. */
    default boolean fixedBatch() {
        return false;
    }

    /**
     * What a trial trains on: {@link #fresh} samples every step, or with {@code data.dataset-size}
     * = T &gt; 0 its fixed training set of T samples as every step's batch.
     */
    static FeatureSampler of(int features, DataConfig data, long seed) {
        FeatureSampler fresh = fresh(features, data, seed);
        return data.fixedDataset() ? new FixedDataset(fresh, data.datasetSize()) : fresh;
    }

    /**
     * The distribution a trial's data comes from: {@code data.kind}, then {@code data.unit-norm},
     * fresh samples every step whatever {@code data.dataset-size} says. Test samples for a trial
     * trained on a fixed set come from here (steps from 0 on never repeat a training sample).
     */
    static FeatureSampler fresh(int features, DataConfig data, long seed) {
        FeatureSampler kind = kind(features, data, seed);
        return data.unitNorm() ? new UnitNormSampler(kind) : kind;
    }

    /**
     * The fixed training set of a trial with {@code data.dataset-size} = T &gt; 0: the T samples
     * every step trains on, row-major [T, features]. A pure function of (config, seed), for
     * analyses of the data points (e.g. their hidden vectors W·x_j).
     *
     * @throws IllegalArgumentException if the trial draws fresh samples (dataset size 0)
     */
    static float[] trainingSet(int features, DataConfig data, long seed) {
        if (!data.fixedDataset()) {
            throw new IllegalArgumentException("a trial with data.dataset-size = 0 draws fresh samples every step:"
                    + " it has no fixed training set");
        }
        float[] points = new float[data.datasetSize() * features];
        of(features, data, seed).fill(0, data.datasetSize(), points, 0);
        return points;
    }

    private static FeatureSampler kind(int features, DataConfig data, long seed) {
        DataGenerator generator = data.generator();
        if (generator instanceof DataGenerator.Clustered topics) {
            return new TopicSampler(features, topics, MagnitudeDraw.of(data.magnitude(), features), seed);
        }
        if (generator instanceof DataGenerator.Sharkey copula) {
            return new CopulaSampler(features, copula, MagnitudeDraw.of(data.magnitude(), features), seed);
        }
        return new SparseSampler(features, data, seed);
    }
}
