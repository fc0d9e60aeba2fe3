package dev.superpose.model.sae;

/** Where the decoder bias b_dec starts, computed from a sample of training inputs. */
public enum DecoderBiasInit implements ConfigSpelling {
    /** The geometric median (Weiszfeld), robust to outliers: Bricken et al. 2023. */
    GEOMETRIC_MEDIAN,
    MEAN,
    ZERO,
    /** No decoder bias: b_dec stays 0 and is not trained, as the study's bias-free decoder (standard.py). */
    NONE;

    /** Whether b_dec is a trained parameter. */
    public boolean trained() {
        return this != NONE;
    }

    /** The initial b_dec [d] for the sample {@code rows} (n × d, row-major). */
    public double[] from(float[] rows, int n, int d) {
        if (n < 1 || d < 1 || rows.length < (long) n * d) {
            throw new IllegalArgumentException("the b_dec sample must hold n x d = " + n + " x " + d
                    + " values with n, d >= 1, got " + rows.length + " values");
        }
        return switch (this) {
            case GEOMETRIC_MEDIAN -> GeometricMedian.of(rows, n, d);
            case MEAN -> GeometricMedian.mean(rows, n, d);
            case ZERO, NONE -> new double[d];
        };
    }
}
