package dev.superpose.analysis;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

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

    /** How many features fall into each geometry; every geometry is a key, with 0 when none does. */
    public Map<FeatureGeometry, Integer> geometryCounts() {
        Map<FeatureGeometry, Integer> counts = new EnumMap<>(FeatureGeometry.class);
        for (FeatureGeometry g : FeatureGeometry.values()) {
            counts.put(g, 0);
        }
        features.forEach(f -> counts.merge(f.geometry(), 1, Integer::sum));
        return counts;
    }
}
