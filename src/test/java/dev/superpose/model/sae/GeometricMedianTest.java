package dev.superpose.model.sae;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Weiszfeld's geometric median on hand-checkable samples, and the b_dec initialisations. */
class GeometricMedianTest {

    @Test
    void collinearPointsGiveTheMiddleOne() {
        float[] rows = {0, 0, 1, 0, 10, 0};
        assertArrayEquals(new double[]{1, 0}, GeometricMedian.of(rows, 3, 2), 1e-6);
    }

    @Test
    void symmetricSampleGivesItsCentreEvenWithAPointOnIt() {
        float[] rows = {1, 1, -1, 1, 1, -1, -1, -1, 0, 0};
        assertArrayEquals(new double[]{0, 0}, GeometricMedian.of(rows, 5, 2), 1e-9);
    }

    @Test
    void anOutlierMovesTheMeanButNotTheMedian() {
        int n = 101;
        float[] rows = new float[n * 3];
        Random random = new Random(3);
        for (int k = 0; k < (n - 1) * 3; k++) {
            rows[k] = (float) (0.1 * random.nextGaussian());
        }
        rows[(n - 1) * 3] = 1000;
        double[] median = GeometricMedian.of(rows, n, 3);
        double[] mean = GeometricMedian.mean(rows, n, 3);
        assertTrue(mean[0] > 9, "the mean follows the outlier: " + mean[0]);
        assertTrue(Math.abs(median[0]) < 0.05, "the median stays with the bulk: " + median[0]);
        // And it is the minimiser: no small move along an axis lowers Σ‖x_i − y‖.
        double best = distanceSum(rows, n, median);
        for (int j = 0; j < 3; j++) {
            for (double delta : new double[]{-1e-3, 1e-3}) {
                double[] moved = median.clone();
                moved[j] += delta;
                assertTrue(distanceSum(rows, n, moved) >= best, "moving axis " + j + " by " + delta + " helps");
            }
        }
    }

    @Test
    void decoderBiasInitialisations() {
        float[] rows = {0, 2, 1, 4, 8, 0};
        assertArrayEquals(new double[]{3, 2}, DecoderBiasInit.MEAN.from(rows, 3, 2), 1e-12);
        assertArrayEquals(new double[]{0, 0}, DecoderBiasInit.ZERO.from(rows, 3, 2), 0);
        assertEquals(2, DecoderBiasInit.GEOMETRIC_MEDIAN.from(rows, 3, 2).length);
    }

    private static double distanceSum(float[] rows, int n, double[] y) {
        double sum = 0;
        int d = y.length;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += (rows[i * d + j] - y[j]) * (rows[i * d + j] - y[j]);
            }
            sum += Math.sqrt(s);
        }
        return sum;
    }
}
