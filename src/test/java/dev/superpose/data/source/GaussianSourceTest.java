package dev.superpose.data.source;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GaussianSourceTest {
    private static final int ROWS = 40_000;

    @Test
    void matchesTheReferencesColumnMeansAndStds() {
        Activations reference = new SharkeySource(16, 32, 0.9, 3, 1).draw(0, 5000);
        GaussianSource gaussian = GaussianSource.matching(reference, 2);
        assertEquals(16, gaussian.dim());
        assertTrue(gaussian.groundTruth().isEmpty());

        Activations sample = gaussian.draw(0, ROWS);
        double[] mean = reference.columnMeans();
        double[] std = reference.columnStds();
        double[] sampleMean = sample.columnMeans();
        double[] sampleStd = sample.columnStds();
        for (int c = 0; c < 16; c++) {
            // standard errors: σ/√n for the mean, σ/√(2n) for the standard deviation of a normal
            assertEquals(mean[c], sampleMean[c], 4 * std[c] / Math.sqrt(ROWS), "mean of dimension " + c);
            assertEquals(std[c], sampleStd[c], 4 * std[c] / Math.sqrt(2.0 * ROWS), "std of dimension " + c);
        }
    }

    @Test
    void dimensionsAreIndependentAndNormal() {
        Activations sample = new GaussianSource(new double[]{0, 0}, new double[]{1, 1}, 3).draw(0, ROWS);
        double product = 0;
        int withinOneSd = 0;
        for (int r = 0; r < ROWS; r++) {
            product += sample.get(r, 0) * sample.get(r, 1);
            withinOneSd += Math.abs(sample.get(r, 0)) < 1 ? 1 : 0;
        }
        assertEquals(0, product / ROWS, 4 / Math.sqrt(ROWS), "correlation of the two dimensions");
        double p = 0.6826894921370859; // P(|Z| < 1)
        assertEquals(p * ROWS, withinOneSd, 4 * Math.sqrt(ROWS * p * (1 - p)));
    }

    @Test
    void seededAndDeterministic() {
        GaussianSource a = new GaussianSource(new double[]{1, 2, 3}, new double[]{1, 0, 2}, 7);
        assertArrayEquals(a.draw(5, 10).values(), new GaussianSource(new double[]{1, 2, 3}, new double[]{1, 0, 2}, 7)
                .draw(5, 10).values());
        assertFalse(Arrays.equals(a.draw(5, 10).values(), a.draw(6, 10).values()));
        assertEquals(2, a.draw(0, 3).get(2, 1), "a zero std gives the mean");
    }

    @Test
    void rejectsBadStatistics() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GaussianSource(new double[]{0, 0}, new double[]{1, -1}, 0));
        assertEquals("gaussian source dimension 1: needs a finite mean and a finite std >= 0, got 0.0 and -1.0",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GaussianSource(new double[]{0}, new double[]{1, 1}, 0));
        assertThrows(IllegalArgumentException.class,
                () -> GaussianSource.matching(new Activations(1, 2, new float[2]), 0));
    }
}
