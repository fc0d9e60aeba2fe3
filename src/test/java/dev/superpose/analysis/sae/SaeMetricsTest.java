package dev.superpose.analysis.sae;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SaeMetricsTest {
    /** x = [[1, 2], [3, 4]], x̂ = [[1, 1], [3, 5]]: errors 0, 1, 0, −1. */
    private static final float[] X = {1, 2, 3, 4};
    private static final float[] X_HAT = {1, 1, 3, 5};
    /** 2 samples, 3 latents; latent 0 never fires. */
    private static final float[] CODES = {0, 2, 0, 0, 0, 3};

    @Test
    void mseIsTheMeanSquaredErrorPerElement() {
        assertEquals(2.0 / 4, SaeMetrics.mse(X, X_HAT, 2), 1e-12);
        assertEquals(0, SaeMetrics.mse(X, X, 2));
    }

    @Test
    void globalFvuDividesTheMseByTheVarianceOfAllValues() {
        // mse = 0.5; values 1..4: mean 2.5, var (ddof 1) = (2.25 + 0.25 + 0.25 + 2.25) / 3 = 5/3
        assertEquals(0.5 / (5.0 / 3), SaeMetrics.fvuGlobal(X, X_HAT, 2), 1e-12);
    }

    @Test
    void l2L1OverSqrtL2AndHoyerFollowTheStudysFormulas() {
        // codes (0, 3, 4) and (0, 0, 0): mean L1 = 7/2, mean L2 = 5/2
        float[] codes = {0, 3, 4, 0, 0, 0};
        assertEquals(2.5, SaeMetrics.l2(codes, 3), 1e-12);
        assertEquals(3.5 / Math.sqrt(2.5), SaeMetrics.l1OverSqrtL2(codes, 3), 1e-12);
        assertEquals((Math.sqrt(3) - 3.5 / 2.5) / (Math.sqrt(3) - 1), SaeMetrics.hoyer(codes, 3), 1e-12);
        // one active latent per sample is maximally sparse: Hoyer 1
        assertEquals(1, SaeMetrics.hoyer(CODES, 3), 1e-12);
    }

    @Test
    void fvuDividesTheErrorByTheVarianceAroundThePerDimensionMean() {
        // x̄ = (2, 3); deviations (−1, −1), (1, 1): Σ = 4; error Σ = 2
        assertEquals(0.5, SaeMetrics.fvu(X, X_HAT, 2), 1e-12);
        // predicting the mean explains nothing
        assertEquals(1, SaeMetrics.fvu(X, new float[]{2, 3, 2, 3}, 2), 1e-12);
        // read as one 4-dimensional sample there is no variance at all
        assertEquals(Double.POSITIVE_INFINITY, SaeMetrics.fvu(X, X_HAT, 4));
    }

    @Test
    void sparsityMetricsCountAndSumTheCodes() {
        assertEquals(1, SaeMetrics.l0(CODES, 3), 1e-12);
        assertEquals(2.5, SaeMetrics.l1(CODES, 3), 1e-12);
        assertEquals(1.0 / 3, SaeMetrics.deadFraction(CODES, 3), 1e-12);
        assertArrayEquals(new double[]{0, 0.5, 0.5}, SaeMetrics.firingFrequency(CODES, 3), 1e-12);
        // negative codes (e.g. a linear encoder) count for L0 and by magnitude for L1
        assertEquals(1.5, SaeMetrics.l1(new float[]{-1, 2}, 1), 1e-12);
        assertEquals(2, SaeMetrics.l0(new float[]{-1, 2, 0}, 3), 1e-12);
    }

    @Test
    void rejectsRaggedArrays() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SaeMetrics.l0(CODES, 4));
        assertEquals("expected at least one row of 4 values, got 6 values", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SaeMetrics.mse(X, new float[3], 2));
        assertThrows(IllegalArgumentException.class, () -> SaeMetrics.l1(new float[0], 2));
    }
}
