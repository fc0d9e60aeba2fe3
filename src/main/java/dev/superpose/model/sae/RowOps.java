package dev.superpose.model.sae;

/**
 * Length-d row kernels of the sparse passes. The hot passes keep their operands as one array per
 * row ({@link #split}) and call the forms without offsets: C2 (Java 17) vectorises a loop over
 * two arrays only when both are indexed from the same offset; with two different offsets it
 * cannot tell that a store does not feed a later load and keeps the loop scalar (an axpy of 256
 * doubles ~2.5–3× slower, measured on the AMD EPYC Zen 5). The forms with offsets serve the
 * architectures' rarer passes over flat [B·d] arrays.
 */
final class RowOps {
    private RowOps() {
    }

    /** Σ a[aOff + j]·b[bOff + j]; four partial sums so the adds do not wait on each other. */
    static double dot(double[] a, int aOff, double[] b, int bOff, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            s0 += a[aOff + j] * b[bOff + j];
            s1 += a[aOff + j + 1] * b[bOff + j + 1];
            s2 += a[aOff + j + 2] * b[bOff + j + 2];
            s3 += a[aOff + j + 3] * b[bOff + j + 3];
        }
        for (; j < n; j++) {
            s0 += a[aOff + j] * b[bOff + j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** y[yOff + j] += alpha·x[xOff + j]. */
    static void axpy(double alpha, double[] x, int xOff, double[] y, int yOff, int n) {
        for (int j = 0; j < n; j++) {
            y[yOff + j] += alpha * x[xOff + j];
        }
    }

    /** y[j] += alpha·x[j] for j &lt; n: the vectorised form of {@link #axpy(double, double[], int, double[], int, int)}. */
    static void axpy(double alpha, double[] x, double[] y, int n) {
        for (int j = 0; j < n; j++) {
            y[j] += alpha * x[j];
        }
    }

    /** rows[b][0..n) ← flat[b·n ..) for the first {@code count} rows. */
    static void split(double[] flat, double[][] rows, int count, int n) {
        for (int b = 0; b < count; b++) {
            System.arraycopy(flat, b * n, rows[b], 0, n);
        }
    }

    /** flat[b·n ..) ← rows[b][0..n) for the first {@code count} rows. */
    static void join(double[][] rows, double[] flat, int count, int n) {
        for (int b = 0; b < count; b++) {
            System.arraycopy(rows[b], 0, flat, b * n, n);
        }
    }
}
