package dev.superpose.model.sae;

/**
 * What the SAE does to each input row before its encoder. With {@link #PER_SAMPLE} the model
 * standardises every sample over its d values, x_s = (x − m)/(s + ε) with m its mean and s its
 * standard deviation (ddof = 1), encodes and decodes x_s, and de-standardises the reconstruction,
 * x̂ = x̂_s·s + m, so that the loss compares x̂ with the raw x: the random-transformer SAE study's
 * {@code util.standardize} inside {@code standard.py}'s forward. m and s are functions of the data
 * alone, so the gradient reaches the parameters through x̂_s only: dLoss/dx̂_s = s·dLoss/dx̂.
 */
public enum InputNormalization implements ConfigSpelling {
    /** The rows as they are (m = 0, s = 1). */
    NONE,
    PER_SAMPLE;

    /** The study's ε in the denominator (util.py). */
    static final double EPSILON = 1e-8;

    /**
     * Writes the first {@code rows} rows of {@code x} (row-major, d values each) into
     * {@code standardised}, each row's mean into {@code mean[b]} and its standard deviation into
     * {@code std[b]}: the rows unchanged, 0 and 1 for {@link #NONE}.
     */
    void standardise(double[] x, int rows, int d, double[] standardised, double[] mean, double[] std) {
        if (this == NONE) {
            System.arraycopy(x, 0, standardised, 0, rows * d);
            java.util.Arrays.fill(mean, 0, rows, 0.0);
            java.util.Arrays.fill(std, 0, rows, 1.0);
            return;
        }
        for (int b = 0; b < rows; b++) {
            int offset = b * d;
            double sum = 0;
            for (int j = 0; j < d; j++) {
                sum += x[offset + j];
            }
            double m = sum / d;
            double squares = 0;
            for (int j = 0; j < d; j++) {
                double centred = x[offset + j] - m;
                squares += centred * centred;
            }
            double s = d > 1 ? Math.sqrt(squares / (d - 1)) : 0.0;
            for (int j = 0; j < d; j++) {
                standardised[offset + j] = (x[offset + j] - m) / (s + EPSILON);
            }
            mean[b] = m;
            std[b] = s;
        }
    }

    /** {@code n} rows (n × d, row-major) standardised, as the encoder sees them: for statistics of the model's inputs. */
    public float[] standardise(float[] rows, int n, int d) {
        double[] x = new double[n * d];
        for (int k = 0; k < x.length; k++) {
            x[k] = rows[k];
        }
        double[] out = new double[n * d];
        standardise(x, n, d, out, new double[n], new double[n]);
        float[] result = new float[n * d];
        for (int k = 0; k < out.length; k++) {
            result[k] = (float) out[k];
        }
        return result;
    }
}
