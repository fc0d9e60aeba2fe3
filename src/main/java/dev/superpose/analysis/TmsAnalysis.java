package dev.superpose.analysis;

import dev.superpose.model.TmsWeights;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-trial metrics of a trained toy model (Elhage et al. 2022): which features are represented,
 * how much they interfere, and how many dimensions each one occupies.
 *
 * <p>Everything derives from the Gram matrix G = WᵀW, computed in double precision:
 * ||W_i||² = G_ii and Ŵ_i·W_j = G_ij / ||W_i||, so Σ_j (Ŵ_i·W_j)² = Σ_j G_ij² / G_ii.
 */
public final class TmsAnalysis {
    /** A feature counts as represented when its embedding is longer than this (the paper's threshold). */
    public static final double REPRESENTED_NORM = 0.5;

    private TmsAnalysis() {
    }

    /**
     * Summarises one trained model.
     *
     * @param w                  the trained weights
     * @param importance         the importance of each feature, length {@code w.features()}
     * @param featureProbability the probability that a feature is active (the same for all features)
     */
    public static TmsSummary summarize(TmsWeights w, double[] importance, double featureProbability) {
        if (importance.length != w.features()) {
            throw new IllegalArgumentException("importance must have one value per feature (" + w.features()
                    + "), got " + importance.length);
        }
        if (!(featureProbability >= 0 && featureProbability <= 1)) {
            throw new IllegalArgumentException("feature probability must be in [0, 1], got " + featureProbability);
        }
        double[][] gram = Gram.ofFeatures(w);
        List<FeatureStats> features = new ArrayList<>(w.features());
        int represented = 0;
        double frobeniusSquared = 0;
        for (int i = 0; i < w.features(); i++) {
            double normSquared = gram[i][i];
            frobeniusSquared += normSquared;
            double norm = Math.sqrt(normSquared);
            if (norm > REPRESENTED_NORM) {
                represented++;
            }
            double dimensionality = Gram.dimensionality(gram, i);
            features.add(new FeatureStats(i, importance[i], featureProbability, norm, Gram.interference(gram, i),
                    dimensionality, FeatureGeometry.classify(norm, dimensionality, w.hidden()), w.bias()[i]));
        }
        // An all-zero W spends no dimensions at all, so "dimensions per feature" is unbounded.
        double dimsPerFeature = frobeniusSquared == 0 ? Double.POSITIVE_INFINITY : w.hidden() / frobeniusSquared;
        return new TmsSummary(represented, dimsPerFeature, features);
    }
}
