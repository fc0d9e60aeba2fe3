package dev.superpose.report;

/**
 * The weights of one toy model to draw in a panel, independent of the model package:
 * {@code w} is W [hidden, features] row-major (column i is feature i's embedding W_i),
 * {@code bias} is b_final [features], {@code importance} one value per feature.
 */
public record PanelWeights(String title, int hidden, int features, float[] w, float[] bias, double[] importance) {
    public PanelWeights {
        if (hidden < 1 || features < 1) {
            throw new IllegalArgumentException("panel '" + title + "': need at least 1 hidden dimension and 1 feature,"
                    + " got " + hidden + "x" + features);
        }
        if (w.length != hidden * features || bias.length != features || importance.length != features) {
            throw new IllegalArgumentException("panel '" + title + "': W must hold " + hidden + "x" + features
                    + " values and bias and importance " + features + " each, got " + w.length + ", "
                    + bias.length + " and " + importance.length);
        }
    }

    /** W[h, i]: component h of feature i's embedding. */
    public double w(int h, int i) {
        return w[h * features + i];
    }

    /** (WᵀW)[i, j] = W_i·W_j. */
    public double dot(int i, int j) {
        double sum = 0;
        for (int h = 0; h < hidden; h++) {
            sum += w(h, i) * w(h, j);
        }
        return sum;
    }

    /** ||W_i||. */
    public double norm(int i) {
        return Math.sqrt(dot(i, i));
    }

    /** Σ_{j≠i} (Ŵ_i·W_j)², 0 for a zero-norm feature: how much other features overlap feature i. */
    public double interference(int i) {
        double normSquared = dot(i, i);
        if (normSquared == 0) {
            return 0;
        }
        double sum = 0;
        for (int j = 0; j < features; j++) {
            if (j != i) {
                double d = dot(i, j);
                sum += d * d;
            }
        }
        return sum / normSquared;
    }
}
