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
        double[][] gram = gram(w);
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
            double dimensionality = dimensionality(gram, i);
            features.add(new FeatureStats(i, importance[i], featureProbability, norm, interference(gram, i),
                    dimensionality, FeatureGeometry.classify(norm, dimensionality), w.bias()[i]));
        }
        // An all-zero W spends no dimensions at all, so "dimensions per feature" is unbounded.
        double dimsPerFeature = frobeniusSquared == 0 ? Double.POSITIVE_INFINITY : w.hidden() / frobeniusSquared;
        return new TmsSummary(represented, dimsPerFeature, features);
    }

    /** Σ_{j≠i} (Ŵ_i·W_j)², summed without the i term rather than subtracting it, to avoid cancellation. */
    private static double interference(double[][] gram, int i) {
        double normSquared = gram[i][i];
        if (normSquared == 0) {
            return 0; // no direction, so nothing can project onto it
        }
        double sum = 0;
        for (int j = 0; j < gram.length; j++) {
            if (j != i) {
                sum += gram[i][j] * gram[i][j];
            }
        }
        return sum / normSquared;
    }

    /** D_i = ||W_i||² / Σ_j (Ŵ_i·W_j)² = G_ii² / Σ_j G_ij². */
    private static double dimensionality(double[][] gram, int i) {
        double normSquared = gram[i][i];
        if (normSquared == 0) {
            return 0; // an unrepresented feature occupies no dimension
        }
        double sum = 0;
        for (double g : gram[i]) {
            sum += g * g;
        }
        return normSquared * normSquared / sum;
    }

    private static double[][] gram(TmsWeights w) {
        int n = w.features();
        double[][] gram = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double dot = 0;
                for (int h = 0; h < w.hidden(); h++) {
                    dot += (double) w.w(h, i) * w.w(h, j);
                }
                gram[i][j] = dot;
                gram[j][i] = dot;
            }
        }
        return gram;
    }
}
