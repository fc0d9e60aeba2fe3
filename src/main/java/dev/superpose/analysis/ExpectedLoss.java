package dev.superpose.analysis;

import dev.superpose.model.TmsWeights;

/**
 * The exact expected loss of a ReLU-output toy model, out = ReLU(WᵀW x + b), on the paper's data:
 * each feature independently present with probability p (the density 1 − S) and then uniform on
 * [0, 1], else 0. The loss is Σ_i I_i E[(x_i − out_i)²], summed over features (the trainer reports
 * its mean over features, i.e. this divided by the number of features).
 *
 * <p>The expectation is a sum over which features are present, each pattern weighted by its
 * probability, of an integral over the present features' magnitudes. Each output's squared error
 * is a quadratic on either side of the hyperplane where its ReLU switches, so
 * {@link CubeQuadrature} integrates it exactly. This is what makes the phase diagrams' analytic
 * optima exact rather than Monte-Carlo estimates.
 */
public final class ExpectedLoss {
    /** 2^n presence patterns and n-dimensional integrals: fine for the phase diagrams' 2 and 3 features. */
    public static final int MAX_FEATURES = CubeQuadrature.MAX_DIMENSIONS;

    private ExpectedLoss() {
    }

    /** The expected loss of {@code w} with feature importances {@code importance} at density {@code density}. */
    public static double reluOutput(TmsWeights w, double[] importance, double density) {
        double[] bias = new double[w.features()];
        for (int i = 0; i < bias.length; i++) {
            bias[i] = w.bias()[i];
        }
        return reluOutput(Gram.ofFeatures(w), bias, importance, density);
    }

    /** The expected loss of the model with WᵀW = {@code gram} and output bias {@code bias}. */
    public static double reluOutput(double[][] gram, double[] bias, double[] importance, double density) {
        int n = gram.length;
        if (n < 1 || n > MAX_FEATURES) {
            throw new IllegalArgumentException("exact expected loss supports 1 to " + MAX_FEATURES
                    + " features, got " + n);
        }
        if (bias.length != n || importance.length != n) {
            throw new IllegalArgumentException("bias and importance need one value per feature (" + n + "), got "
                    + bias.length + " and " + importance.length);
        }
        if (!(density >= 0 && density <= 1)) {
            throw new IllegalArgumentException("density (1 - S) must be in [0, 1], got " + density);
        }
        double total = 0;
        for (int present = 0; present < 1 << n; present++) {
            int k = Integer.bitCount(present);
            double probability = Math.pow(density, k) * Math.pow(1 - density, n - k);
            if (probability == 0) {
                continue;
            }
            int[] active = new int[k];
            for (int i = 0, a = 0; i < n; i++) {
                if ((present >> i & 1) == 1) {
                    active[a++] = i;
                }
            }
            for (int i = 0; i < n; i++) {
                if (importance[i] != 0) {
                    total += probability * importance[i] * outputError(gram[i], bias[i], active, i);
                }
            }
        }
        return total;
    }

    /** E[(x_i − ReLU(G_i·x + b_i))²] over the magnitudes of the {@code active} features (the others are 0). */
    private static double outputError(double[] gramRow, double bias, int[] active, int i) {
        double[] g = new double[active.length];
        int self = -1;
        for (int a = 0; a < active.length; a++) {
            g[a] = gramRow[active[a]];
            if (active[a] == i) {
                self = a;
            }
        }
        int target = self;
        return CubeQuadrature.integrate(active.length, bias, g, x -> {
            double pre = bias;
            for (int a = 0; a < g.length; a++) {
                pre += g[a] * x[a];
            }
            double error = (target < 0 ? 0 : x[target]) - Math.max(pre, 0);
            return error * error;
        });
    }
}
