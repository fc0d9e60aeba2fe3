package dev.superpose.data;

import dev.superpose.config.DataGenerator;
import dev.superpose.config.Magnitude;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** data.kind = sharkey: decaying marginals met exactly, mean number active, correlated presence. */
class CopulaSamplerTest {
    private static final int FEATURES = 20;
    private static final int STEPS = 10;
    private static final int BATCH = 2000;

    private static CopulaSampler sampler(double decay, double meanActive, long seed) {
        return (CopulaSampler) FeatureSampler.of(FEATURES, Samples.data(FEATURES, 0.1, Magnitude.UNIFORM,
                new DataGenerator.Sharkey(decay, meanActive)), seed);
    }

    @Test
    void marginalsDecayGeometricallyAndSumToTheMeanActive() {
        double[] p = CopulaSampler.marginals(20, 0.9, 5);
        assertEquals(5, Arrays.stream(p).sum(), 1e-12);
        for (int i = 1; i < 20; i++) {
            assertEquals(0.9, p[i] / p[i - 1], 1e-12);
        }
        // (1 − 0.9^20) / 0.1 = 8.784…, so p_0 = 5 / 8.784…
        assertEquals(5 / ((1 - Math.pow(0.9, 20)) / 0.1), p[0], 1e-12);
    }

    @Test
    void marginalsAboveOneAreHeldAtOneAndTheRestRescaled() {
        // decay 0.5, mean 3 over 4 features: weights 1, .5, .25, .125; s = 2/(.25+.125) puts
        // p_1 = 2.67 > 1, so p_0 = p_1 = 1 and s = 1/.375: p = [1, 1, 2/3, 1/3]
        assertArrayEquals(new double[]{1, 1, 2.0 / 3, 1.0 / 3}, CopulaSampler.marginals(4, 0.5, 3), 1e-12);
        assertArrayEquals(new double[]{1, 1, 1, 1}, CopulaSampler.marginals(4, 0.7, 4), 1e-12);
        assertArrayEquals(new double[]{0.5, 0.5, 0.5, 0.5}, CopulaSampler.marginals(4, 1, 2), 1e-12);
    }

    @Test
    void presenceFrequenciesMatchMarginalsAndTheMeanCountMatchesTheTarget() {
        CopulaSampler s = sampler(0.9, 5, 2);
        double[] p = s.marginals();
        float[] x = Samples.draw(s, STEPS, BATCH);
        int n = STEPS * BATCH;
        long total = 0;
        double sdBound = 0;
        for (int i = 0; i < FEATURES; i++) {
            long count = Samples.presentCount(x, FEATURES, i);
            Samples.assertBinomial(p[i], count, n, "feature " + i);
            total += count;
            sdBound += Math.sqrt(p[i] * (1 - p[i]));
        }
        // sd of the count of present features is at most Σ_i sd_i, however they correlate
        assertEquals(5.0, (double) total / n, 4 * sdBound / Math.sqrt(n));
    }

    @Test
    void strongestCorrelatedPairCoOccursWithTheSignOfItsCorrelation() {
        CopulaSampler s = sampler(1, 10, 3);
        float[] x = Samples.draw(s, STEPS, BATCH);
        int n = STEPS * BATCH;
        int significant = 0;
        for (int i = 0; i < FEATURES; i++) {
            for (int j = i + 1; j < FEATURES; j++) {
                double r = presenceCorrelation(x, i, j, n);
                double c = s.correlation(i, j);
                // under independence the sample correlation has sd 1/√n
                if (Math.abs(c) > 0.3) {
                    assertTrue(Math.signum(r) == Math.signum(c) && Math.abs(r) > 4 / Math.sqrt(n),
                            "pair " + i + "," + j + ": correlation " + c + ", presence correlation " + r);
                    significant++;
                }
            }
        }
        assertTrue(significant > 0, "some pair must have |C_ij| > 0.3");
    }

    private static double presenceCorrelation(float[] x, int i, int j, int n) {
        double pi = 0;
        double pj = 0;
        double pij = 0;
        for (int r = 0; r < n; r++) {
            boolean a = x[r * FEATURES + i] != 0;
            boolean b = x[r * FEATURES + j] != 0;
            pi += a ? 1 : 0;
            pj += b ? 1 : 0;
            pij += a && b ? 1 : 0;
        }
        pi /= n;
        pj /= n;
        pij /= n;
        return (pij - pi * pj) / Math.sqrt(pi * (1 - pi) * pj * (1 - pj));
    }

    @Test
    void correlationMatrixHasUnitDiagonal() {
        CopulaSampler s = sampler(0.99, 5, 4);
        for (int i = 0; i < FEATURES; i++) {
            assertEquals(1, s.correlation(i, i), 1e-12);
        }
    }
}
