package dev.superpose.data;

import dev.superpose.config.DataConfig;
import dev.superpose.config.DataGenerator;

/**
 * Draws one trial's synthetic inputs, batch by batch. Sample b of step t is a pure function of
 * (trial config, seed, t, b) (see {@link CounterRandom}), and any fixed structure a kind has
 * (topics, correlation matrix) is a pure function of (config, seed): an instance draws the
 * same data alone or in any stack, and a resumed run continues exactly.
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

    /** The sampler of {@code data.kind} for one trial. */
    static FeatureSampler of(int features, DataConfig data, long seed) {
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
