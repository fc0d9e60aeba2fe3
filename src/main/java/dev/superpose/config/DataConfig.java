package dev.superpose.config;

import java.util.List;

/**
 * {@code data.*}: how a trial's synthetic inputs are drawn.
 *
 * @param featureProbability probability that a feature is present, per sample (1 − sparsity)
 * @param importance         resolved per-feature importance, one entry per feature
 * @param sets               correlated and anticorrelated feature sets (kinds sparse and lomax)
 * @param unitNorm           every sample is scaled to unit L2 norm (an all-zero sample stays zero)
 * @param datasetSize        0: fresh samples every step; T &gt; 0: a fixed training set of T samples,
 *                           drawn once per seed, is the batch of every step
 * @param generator          {@code data.kind} and its own settings; the fields above are read
 *                           only by the kinds that use them (see {@link DataGenerator})
 */
public record DataConfig(double featureProbability, List<Double> importance, Magnitude magnitude,
                         FeatureSets sets, boolean unitNorm, int datasetSize, DataGenerator generator) {
    public DataConfig {
        importance = List.copyOf(importance);
        if (datasetSize < 0) {
            throw new IllegalArgumentException("dataset size must be >= 0, got " + datasetSize);
        }
    }

    /** Fresh, unnormalised samples with {@code correlatedPairs} and {@code anticorrelatedPairs} pairs. */
    public DataConfig(double featureProbability, List<Double> importance, Magnitude magnitude, int correlatedPairs,
                      int anticorrelatedPairs, DataGenerator generator) {
        this(featureProbability, importance, magnitude, FeatureSets.pairs(correlatedPairs, anticorrelatedPairs),
                false, 0, generator);
    }

    /** The importances as a fresh array, for numeric code. */
    public double[] importanceValues() {
        return importance.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Whether every step trains on the same fixed training set ({@code datasetSize} &gt; 0). */
    public boolean fixedDataset() {
        return datasetSize > 0;
    }
}
