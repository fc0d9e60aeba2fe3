package dev.superpose.config;

import java.util.List;

/**
 * {@code data.*}: how a trial's synthetic inputs are drawn.
 *
 * @param featureProbability probability that a feature is present, per sample (1 − sparsity)
 * @param importance         resolved per-feature importance, one entry per feature
 * @param correlatedPairs    features (0,1), (2,3), … of this many pairs are present together
 * @param anticorrelatedPairs the next this-many pairs are never both present; each keeps
 *                           marginal probability {@code featureProbability}
 * @param generator          {@code data.kind} and its own settings; the fields above are read
 *                           only by the kinds that use them (see {@link DataGenerator})
 */
public record DataConfig(double featureProbability, List<Double> importance, Magnitude magnitude,
                         int correlatedPairs, int anticorrelatedPairs, DataGenerator generator) {
    public DataConfig {
        importance = List.copyOf(importance);
    }

    /** The importances as a fresh array, for numeric code. */
    public double[] importanceValues() {
        return importance.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
