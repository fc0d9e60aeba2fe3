package dev.superpose.data;

import org.apache.commons.math3.special.Erf;

/**
 * The feature codes of the random-transformer SAE study's Sharkey data (Lawson et al. 2025,
 * arXiv 2501.17727; {@code superposition/datasets/sharkey.py} of tim-lawson/superposition), sample
 * by sample as that file draws them:
 * <ol>
 * <li>z ~ N(0, A Aᵀ), A a G×G standard Gaussian matrix drawn once per seed: a full-rank
 * covariance whose z_i have variance ≈ G. z = A g with g ~ N(0, I_G) has exactly that
 * distribution, so no factorisation is needed;</li>
 * <li>p_i = Φ(z_i)^(λ·i) (the exponent grows with the index: feature 0 always has p = 1);</li>
 * <li>p ← p · meanActive / Σ_j p_j: each sample is rescaled to meanActive expected features;</li>
 * <li>c_i = Bernoulli(min(p_i, 1)) · U[0, 1).</li>
 * </ol>
 * Row draws: g_j from 2j and 2j+1, presence of feature i from 2G + 2i, its magnitude from 2G + 2i + 1.
 */
public final class StudySharkeySampler extends RowSampler {
    /** Separates the covariance factor from the per-step draws of the same seed. */
    static final long COVARIANCE_DOMAIN = 0x434F5641L; // "COVA"

    private final double decay;
    private final double meanActive;
    /** A, row-major [G, G]. */
    private final double[] factor;
    private final double[] gaussians;
    private final double[] probabilities;

    public StudySharkeySampler(int features, double decay, double meanActive, long seed) {
        super(features, seed);
        if (!(decay > 0) || !(meanActive > 0)) {
            throw new IllegalArgumentException("sharkey data needs a decay > 0 and a mean-active > 0, got " + decay
                    + " and " + meanActive);
        }
        this.decay = decay;
        this.meanActive = meanActive;
        this.factor = new double[Math.multiplyExact(features, features)];
        long structure = CounterRandom.stepKey(seed, COVARIANCE_DOMAIN, 0);
        for (int i = 0; i < features; i++) {
            CounterStream stream = new CounterStream(CounterRandom.rowKey(structure, i));
            for (int j = 0; j < features; j++) {
                factor[i * features + j] = stream.gaussian();
            }
        }
        this.gaussians = new double[features];
        this.probabilities = new double[features];
    }

    @Override
    void fillRow(long key, float[] target, int rowStart) {
        for (int j = 0; j < features; j++) {
            gaussians[j] = CounterRandom.gaussian(CounterRandom.bits(key, 2L * j), CounterRandom.bits(key, 2L * j + 1));
        }
        double sum = 0;
        for (int i = 0; i < features; i++) {
            double z = 0;
            int row = i * features;
            for (int j = 0; j < features; j++) {
                z += factor[row + j] * gaussians[j];
            }
            double p = Math.pow(standardNormalCdf(z), decay * i);
            probabilities[i] = p;
            sum += p;
        }
        double scale = meanActive / sum; // sum >= 1: feature 0 has p = Φ^0 = 1
        for (int i = 0; i < features; i++) {
            double p = Math.min(1, probabilities[i] * scale);
            boolean present = CounterRandom.high32(CounterRandom.bits(key, 2L * features + 2L * i))
                    < CounterRandom.threshold(p);
            target[rowStart + i] = present
                    ? (float) CounterRandom.lowUniform(CounterRandom.bits(key, 2L * features + 2L * i + 1)) : 0f;
        }
    }

    /** Φ(z) = erfc(−z/√2) / 2, accurate in both tails. */
    static double standardNormalCdf(double z) {
        return 0.5 * Erf.erfc(-z / Math.sqrt(2));
    }
}
