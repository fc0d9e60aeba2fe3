package dev.superpose.model.sae;

/**
 * The geometric median argmin_y Σ_i ‖x_i − y‖ by Weiszfeld's iteration from the mean:
 * y ← Σ w_i x_i / Σ w_i with w_i = 1/‖x_i − y‖. A point that coincides with the iterate would
 * get infinite weight; its distance is floored at a tiny fraction of the sample's spread, which
 * moves the answer by no more than that fraction.
 */
public final class GeometricMedian {
    static final int MAX_ITERATIONS = 500;
    /** Stop when an iteration moves y by less than this fraction of the sample's spread. */
    static final double TOLERANCE = 1e-9;

    private GeometricMedian() {
    }

    /** The geometric median of the rows of {@code rows} (n × d, row-major). */
    public static double[] of(float[] rows, int n, int d) {
        double[] y = mean(rows, n, d);
        double spread = 0;
        for (int i = 0; i < n; i++) {
            spread += Math.sqrt(squaredDistance(rows, i, d, y));
        }
        spread /= n;
        if (spread == 0) {
            return y;
        }
        double floor = 1e-12 * spread;
        double[] next = new double[d];
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            java.util.Arrays.fill(next, 0);
            double weightSum = 0;
            for (int i = 0; i < n; i++) {
                double w = 1 / Math.max(floor, Math.sqrt(squaredDistance(rows, i, d, y)));
                weightSum += w;
                for (int j = 0; j < d; j++) {
                    next[j] += w * rows[i * d + j];
                }
            }
            double moved = 0;
            for (int j = 0; j < d; j++) {
                next[j] /= weightSum;
                moved += (next[j] - y[j]) * (next[j] - y[j]);
                y[j] = next[j];
            }
            if (Math.sqrt(moved) < TOLERANCE * spread) {
                break;
            }
        }
        return y;
    }

    /** The coordinate-wise mean of the rows. */
    public static double[] mean(float[] rows, int n, int d) {
        double[] m = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                m[j] += rows[i * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            m[j] /= n;
        }
        return m;
    }

    private static double squaredDistance(float[] rows, int i, int d, double[] y) {
        double s = 0;
        for (int j = 0; j < d; j++) {
            double diff = rows[i * d + j] - y[j];
            s += diff * diff;
        }
        return s;
    }
}
