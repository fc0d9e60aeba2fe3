package dev.superpose.data;

import dev.superpose.config.DataConfig;
import dev.superpose.config.DataGenerator;
import dev.superpose.config.Magnitude;

import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Draws and statistical assertions shared by the generator tests. */
final class Samples {
    private Samples() {
    }

    /** Data settings of {@code kind} with independent presence p (where the kind reads it) and no pairs. */
    static DataConfig data(int features, double p, Magnitude magnitude, DataGenerator kind) {
        return new DataConfig(p, Collections.nCopies(features, 1.0), magnitude, 0, 0, kind);
    }

    /** Steps 0..steps-1 of {@code batch} samples each, row-major [steps·batch, features]. */
    static float[] draw(FeatureSampler sampler, int steps, int batch) {
        float[] x = new float[steps * batch * sampler.features()];
        for (int t = 0; t < steps; t++) {
            sampler.fill(t, batch, x, t * batch * sampler.features());
        }
        return x;
    }

    /** How many samples have feature f present (non-zero). */
    static long presentCount(float[] x, int features, int f) {
        long n = 0;
        for (int r = f; r < x.length; r += features) {
            n += x[r] != 0 ? 1 : 0;
        }
        return n;
    }

    /** |observed − expected| within 4 binomial standard deviations. */
    static void assertBinomial(double p, long hits, long trials, String what) {
        double sigma = Math.sqrt(trials * p * (1 - p));
        assertEquals(p * trials, hits, 4 * sigma + 1e-9, what);
    }
}
