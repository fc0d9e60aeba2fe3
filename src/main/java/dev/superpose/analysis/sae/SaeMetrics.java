package dev.superpose.analysis.sae;

/**
 * Reconstruction and sparsity metrics of an SAE on a held-out set, on row-major arrays (x and
 * x̂ [samples, dim], codes z [samples, latents]). Sums run in double precision.
 */
public final class SaeMetrics {
    private SaeMetrics() {
    }

    /** Mean squared error per element: Σ (x − x̂)² / (samples · dim). */
    public static double mse(float[] x, float[] reconstruction, int dim) {
        return squaredError(x, reconstruction, dim) / x.length;
    }

    /**
     * Fraction of variance unexplained: Σ (x − x̂)² / Σ (x − x̄)², x̄ the per-dimension mean over
     * the samples. 0 is a perfect reconstruction, 1 is no better than predicting the mean; data
     * without variance gives NaN (or +∞ if reconstructed imperfectly).
     */
    public static double fvu(float[] x, float[] reconstruction, int dim) {
        double error = squaredError(x, reconstruction, dim);
        int samples = x.length / dim;
        double[] mean = new double[dim];
        for (int k = 0; k < x.length; k++) {
            mean[k % dim] += x[k];
        }
        for (int c = 0; c < dim; c++) {
            mean[c] /= samples;
        }
        double deviation = 0;
        for (int k = 0; k < x.length; k++) {
            double d = x[k] - mean[k % dim];
            deviation += d * d;
        }
        return error / deviation;
    }

    /**
     * FVU against the global variance of the set: mse / var(x), var over all values with ddof 1,
     * as the study's trainer.py ({@code mse / torch.var(input)}). Unlike {@link #fvu} it counts the
     * spread of the per-dimension means as variance to explain.
     */
    public static double fvuGlobal(float[] x, float[] reconstruction, int dim) {
        double error = squaredError(x, reconstruction, dim);
        double sum = 0;
        for (float v : x) {
            sum += v;
        }
        double mean = sum / x.length;
        double deviation = 0;
        for (float v : x) {
            deviation += (v - mean) * (v - mean);
        }
        return (error / x.length) / (deviation / (x.length - 1));
    }

    /** Mean number of non-zero latents per sample. */
    public static double l0(float[] codes, int latents) {
        long active = 0;
        for (float z : checked(codes, latents)) {
            active += z != 0 ? 1 : 0;
        }
        return (double) active / (codes.length / latents);
    }

    /** Mean L1 norm of a sample's code: Σ |z| / samples. */
    public static double l1(float[] codes, int latents) {
        double sum = 0;
        for (float z : checked(codes, latents)) {
            sum += Math.abs(z);
        }
        return sum / (codes.length / latents);
    }

    /** Mean L2 norm of a sample's code: Σ_samples ‖z‖₂ / samples. */
    public static double l2(float[] codes, int latents) {
        checked(codes, latents);
        double sum = 0;
        for (int start = 0; start < codes.length; start += latents) {
            double squares = 0;
            for (int l = start; l < start + latents; l++) {
                squares += (double) codes[l] * codes[l];
            }
            sum += Math.sqrt(squares);
        }
        return sum / (codes.length / latents);
    }

    /** The study's {@code l1_over_sqrt_l2}: {@link #l1} / √{@link #l2}, of the means over samples. */
    public static double l1OverSqrtL2(float[] codes, int latents) {
        return l1(codes, latents) / Math.sqrt(l2(codes, latents));
    }

    /**
     * The study's Hoyer sparsity (√n − l1/l2) / (√n − 1), n the latent count, from the mean L1 and
     * L2 norms over samples as trainer.py computes it: 1 when every code has one active latent,
     * 0 when all are equal. NaN for a single latent or all-zero codes.
     */
    public static double hoyer(float[] codes, int latents) {
        double sqrtN = Math.sqrt(latents);
        return (sqrtN - l1(codes, latents) / l2(codes, latents)) / (sqrtN - 1);
    }

    /** For each latent, the fraction of samples on which it is non-zero. */
    public static double[] firingFrequency(float[] codes, int latents) {
        checked(codes, latents);
        int samples = codes.length / latents;
        double[] frequency = new double[latents];
        for (int k = 0; k < codes.length; k++) {
            if (codes[k] != 0) {
                frequency[k % latents]++;
            }
        }
        for (int l = 0; l < latents; l++) {
            frequency[l] /= samples;
        }
        return frequency;
    }

    /** The fraction of latents that are zero on every sample of the set. */
    public static double deadFraction(float[] codes, int latents) {
        int dead = 0;
        for (double f : firingFrequency(codes, latents)) {
            dead += f == 0 ? 1 : 0;
        }
        return (double) dead / latents;
    }

    private static double squaredError(float[] x, float[] reconstruction, int dim) {
        if (x.length != reconstruction.length) {
            throw new IllegalArgumentException("inputs and reconstructions differ in size: " + x.length + " and "
                    + reconstruction.length + " values");
        }
        checked(x, dim);
        double sum = 0;
        for (int k = 0; k < x.length; k++) {
            double d = x[k] - reconstruction[k];
            sum += d * d;
        }
        return sum;
    }

    private static float[] checked(float[] rows, int width) {
        if (width < 1 || rows.length == 0 || rows.length % width != 0) {
            throw new IllegalArgumentException("expected at least one row of " + width + " values, got "
                    + rows.length + " values");
        }
        return rows;
    }
}
