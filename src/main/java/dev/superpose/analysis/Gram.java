package dev.superpose.analysis;

import dev.superpose.model.TmsWeights;

/**
 * The Gram matrix G_ij = v_i·v_j of a set of vectors, in double precision, and the per-vector
 * quantities the superposition papers read off it. The vectors are a model's feature embeddings
 * W_i (Elhage et al. 2022) or the hidden vectors h_j = W x_j of its training points (Henighan et
 * al. 2023, which applies the same dimensionality to data points).
 *
 * <p>With v̂_i = v_i / ||v_i||: ||v_i||² = G_ii and v̂_i·v_j = G_ij / ||v_i||, so
 * Σ_j (v̂_i·v_j)² = Σ_j G_ij² / G_ii.
 */
public final class Gram {
    private Gram() {
    }

    /** G = WᵀW: the Gram matrix of the feature embeddings (the columns of W). */
    public static double[][] ofFeatures(TmsWeights w) {
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

    /** G = VVᵀ: the Gram matrix of the rows of {@code vectors} (all of one length). */
    public static double[][] ofRows(double[][] vectors) {
        int n = vectors.length;
        for (int i = 1; i < n; i++) {
            if (vectors[i].length != vectors[0].length) {
                throw new IllegalArgumentException("vectors must all have one length, vector 0 has "
                        + vectors[0].length + " components and vector " + i + " has " + vectors[i].length);
            }
        }
        double[][] gram = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double dot = 0;
                for (int h = 0; h < vectors[i].length; h++) {
                    dot += vectors[i][h] * vectors[j][h];
                }
                gram[i][j] = dot;
                gram[j][i] = dot;
            }
        }
        return gram;
    }

    /**
     * D_i = ||v_i||² / Σ_j (v̂_i·v_j)² = G_ii² / Σ_j G_ij²: the fraction of a dimension vector i
     * occupies (1 alone in its direction, 1/2 in an antipodal pair, 2/5 in a pentagon); 0 for a
     * zero vector, which occupies no dimension.
     */
    public static double dimensionality(double[][] gram, int i) {
        double normSquared = gram[i][i];
        if (normSquared == 0) {
            return 0;
        }
        double sum = 0;
        for (double g : gram[i]) {
            sum += g * g;
        }
        return normSquared * normSquared / sum;
    }

    /** {@link #dimensionality} of every vector. */
    public static double[] dimensionalities(double[][] gram) {
        double[] d = new double[gram.length];
        for (int i = 0; i < gram.length; i++) {
            d[i] = dimensionality(gram, i);
        }
        return d;
    }

    /**
     * Σ_{j≠i} (v̂_i·v_j)²: how much the other vectors project onto vector i's direction; 0 for a
     * zero vector (no direction). Summed without the i term rather than subtracting it, to avoid
     * cancellation.
     */
    public static double interference(double[][] gram, int i) {
        double normSquared = gram[i][i];
        if (normSquared == 0) {
            return 0;
        }
        double sum = 0;
        for (int j = 0; j < gram.length; j++) {
            if (j != i) {
                sum += gram[i][j] * gram[i][j];
            }
        }
        return sum / normSquared;
    }

    /** The cosine v̂_i·v̂_j, 0 when either vector is zero. */
    public static double cosine(double[][] gram, int i, int j) {
        double denominator = Math.sqrt(gram[i][i] * gram[j][j]);
        return denominator == 0 ? 0 : gram[i][j] / denominator;
    }
}
