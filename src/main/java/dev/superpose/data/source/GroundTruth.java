package dev.superpose.data.source;

/**
 * The true feature directions of a synthetic source: {@code features} unit vectors of
 * {@code dim} values, row-major ({@code directions[f * dim + c]}). What a learned dictionary
 * is scored against.
 */
public record GroundTruth(int features, int dim, float[] directions) {
    /** How far from 1 a row's norm may be (float rounding of a normalised vector is ~1e-7). */
    static final double UNIT_TOLERANCE = 1e-4;

    public GroundTruth {
        if (features < 1 || dim < 1) {
            throw new IllegalArgumentException("ground truth needs at least 1 feature and 1 dimension, got "
                    + features + "x" + dim);
        }
        if ((long) features * dim != directions.length) {
            throw new IllegalArgumentException("ground truth " + features + "x" + dim + " needs "
                    + (long) features * dim + " values, got " + directions.length);
        }
        for (int f = 0; f < features; f++) {
            double norm = Math.sqrt(squaredNorm(directions, f * dim, dim));
            if (!(Math.abs(norm - 1) <= UNIT_TOLERANCE)) {
                throw new IllegalArgumentException("ground-truth feature " + f + " must have unit norm, has " + norm);
            }
        }
    }

    /**
     * The rows of {@code rows} [features, dim] scaled to unit norm. A zero row has no direction
     * and is rejected, naming {@code what} (e.g. the weights file it came from).
     */
    public static GroundTruth normalized(int features, int dim, float[] rows, String what) {
        if ((long) features * dim != rows.length) {
            throw new IllegalArgumentException(what + ": " + features + "x" + dim + " directions need "
                    + (long) features * dim + " values, got " + rows.length);
        }
        float[] unit = new float[rows.length];
        for (int f = 0; f < features; f++) {
            double norm = Math.sqrt(squaredNorm(rows, f * dim, dim));
            if (!(norm > 0 && Double.isFinite(norm))) {
                throw new IllegalArgumentException(what + ": feature " + f + " has norm " + norm
                        + ", so it has no direction to recover");
            }
            for (int c = 0; c < dim; c++) {
                unit[f * dim + c] = (float) (rows[f * dim + c] / norm);
            }
        }
        return new GroundTruth(features, dim, unit);
    }

    public float get(int feature, int column) {
        return directions[feature * dim + column];
    }

    private static double squaredNorm(float[] values, int start, int length) {
        double sum = 0;
        for (int c = start; c < start + length; c++) {
            sum += (double) values[c] * values[c];
        }
        return sum;
    }
}
