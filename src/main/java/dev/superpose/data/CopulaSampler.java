package dev.superpose.data;

import dev.superpose.config.DataGenerator;

import java.util.Arrays;

/**
 * {@code data.kind = sharkey}: correlated presence with decaying marginals through a Gaussian
 * copula. Feature i is present when z_i &lt; Φ⁻¹(p_i), z ~ N(0, C), so it is present with
 * probability exactly p_i while features with positively correlated z co-occur.
 *
 * <p>p_i ∝ decay^i, scaled so that Σ p_i = mean-active with any p_i that would exceed 1 held at
 * 1 (water-filling, so the mean is met exactly). C is drawn once per trial seed as a normalised
 * Wishart product: rows a_i of an F×r Gaussian matrix, C_ij = â_i·â_j with â_i = a_i/‖a_i‖, so
 * z = Â·g with g ~ N(0, I_r) needs no factorisation. The rank r = min(F, {@value #MAX_RANK}) keeps
 * a sample's cost at O(F·r); typical correlations are then of size 1/√r.
 *
 * <p>Within a row, draw i decides nothing but feature i's magnitude; g_j uses draws 3F+2j and
 * 3F+2j+1 ({@link MagnitudeDraw} keeps below 3F).
 */
final class CopulaSampler extends RowSampler {
    /** Separates the fixed correlation factor from the per-step draws of the same seed. */
    static final long COPULA_DOMAIN = 0x434F5055L; // "COPU"
    static final int MAX_RANK = 16;

    private final int rank;
    private final MagnitudeDraw magnitude;
    private final double[] marginals;
    private final double[] thresholds;
    /** Â, row-major [F, r], unit rows. */
    private final double[] factor;
    /** Scratch: the current sample's latent Gaussians g. */
    private final double[] gaussians;

    CopulaSampler(int features, DataGenerator.Sharkey settings, MagnitudeDraw magnitude, long seed) {
        super(features, seed);
        this.rank = Math.min(features, MAX_RANK);
        this.magnitude = magnitude;
        this.gaussians = new double[rank];
        this.marginals = marginals(features, settings.probabilityDecay(), settings.meanActive());
        this.thresholds = new double[features];
        for (int i = 0; i < features; i++) {
            thresholds[i] = NormalQuantile.of(marginals[i]);
        }
        this.factor = unitRowFactor(features, rank, CounterRandom.stepKey(seed, COPULA_DOMAIN, 0));
    }

    /** p_i = min(1, s·decay^i) with s chosen so that Σ p_i = meanActive. */
    static double[] marginals(int features, double decay, double meanActive) {
        if (!(decay > 0 && decay <= 1) || !(meanActive > 0 && meanActive <= features)) {
            throw new IllegalArgumentException("sharkey data needs decay in (0, 1] and mean-active in (0, "
                    + features + "], got " + decay + " and " + meanActive);
        }
        double[] weight = new double[features];
        double[] tailSum = new double[features + 1];
        for (int i = 0; i < features; i++) {
            weight[i] = Math.pow(decay, i);
        }
        for (int i = features - 1; i >= 0; i--) {
            tailSum[i] = tailSum[i + 1] + weight[i];
        }
        double[] p = new double[features];
        Arrays.fill(p, 1.0);
        // the first k features are held at 1; the smallest k for which the rest fit under 1
        for (int k = 0; k < features; k++) {
            double scale = (meanActive - k) / tailSum[k];
            if (scale * weight[k] <= 1) {
                for (int i = k; i < features; i++) {
                    p[i] = Math.min(1.0, scale * weight[i]);
                }
                break;
            }
        }
        return p;
    }

    private static double[] unitRowFactor(int features, int rank, long structure) {
        double[] factor = new double[features * rank];
        for (int i = 0; i < features; i++) {
            CounterStream stream = new CounterStream(CounterRandom.rowKey(structure, i));
            double norm = 0;
            for (int j = 0; j < rank; j++) {
                double a = stream.gaussian();
                factor[i * rank + j] = a;
                norm += a * a;
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < rank; j++) {
                factor[i * rank + j] /= norm;
            }
        }
        return factor;
    }

    /** The marginal presence probability p_i of each feature. */
    double[] marginals() {
        return marginals.clone();
    }

    /** C_ij, the correlation of z_i and z_j. */
    double correlation(int i, int j) {
        double c = 0;
        for (int k = 0; k < rank; k++) {
            c += factor[i * rank + k] * factor[j * rank + k];
        }
        return c;
    }

    @Override
    void fillRow(long key, float[] target, int rowStart) {
        for (int j = 0; j < rank; j++) {
            gaussians[j] = CounterRandom.gaussian(CounterRandom.bits(key, 3L * features + 2L * j),
                    CounterRandom.bits(key, 3L * features + 2L * j + 1));
        }
        for (int i = 0; i < features; i++) {
            double z = 0;
            for (int j = 0; j < rank; j++) {
                z += factor[i * rank + j] * gaussians[j];
            }
            target[rowStart + i] = z < thresholds[i] ? magnitude.value(key, i) : 0f;
        }
    }
}
