package dev.superpose.analysis;

import java.util.List;

/**
 * The metrics of one trained toy model (one trial).
 *
 * @param nRepresented   how many features have ||W_i|| above {@link TmsAnalysis#REPRESENTED_NORM}
 * @param dimsPerFeature the paper's "dimensions per feature" D* = d_hidden / ||W||_F²;
 *                       +Infinity when W is all zeros (no feature takes any dimension)
 * @param features       per-feature metrics, in feature order
 */
public record TmsSummary(int nRepresented, double dimsPerFeature, List<FeatureStats> features) {
    public TmsSummary {
        features = List.copyOf(features);
    }
}
