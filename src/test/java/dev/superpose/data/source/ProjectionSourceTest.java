package dev.superpose.data.source;

import dev.superpose.config.DataConfig;
import dev.superpose.config.DataGenerator;
import dev.superpose.config.FeatureSets;
import dev.superpose.config.Magnitude;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProjectionSourceTest {
    /** 2d.py's inputs: 3 features, each always present with value ±Lomax(1). */
    static final DataConfig LOMAX_ONE = new DataConfig(1.0, Collections.nCopies(3, 1.0), Magnitude.UNIFORM,
            FeatureSets.NONE, false, 0, new DataGenerator.Lomax(1));

    @Test
    void theWeightIsNnLinearsDefaultInit() {
        int features = 48;
        float[] w = ProjectionSource.weight(16, features, 5);
        double bound = 1 / Math.sqrt(features);
        double mean = 0;
        double square = 0;
        for (float v : w) {
            assertTrue(Math.abs(v) <= bound, "U(±1/√fan_in) entry " + v);
            mean += v / (double) w.length;
            square += (double) v * v / w.length;
        }
        assertEquals(0, mean, 4 * bound / Math.sqrt(3 * w.length), "mean of U(±b)");
        assertEquals(bound * bound / 3, square, 0.1 * bound * bound / 3, "variance b²/3 of U(±b)");
    }

    @Test
    void samplesAreTheInputsThroughWAndTheTruthIsItsColumns() {
        TmsSource source = ProjectionSource.of(2, 3, LOMAX_ONE, 7);
        float[] w = ProjectionSource.weight(2, 3, 7);
        Activations x = source.inputs(0, 50);
        Activations h = source.draw(0, 50);
        for (int r = 0; r < 50; r++) {
            for (int c = 0; c < 2; c++) {
                double expected = 0;
                for (int i = 0; i < 3; i++) {
                    expected += w[c * 3 + i] * x.get(r, i);
                }
                assertEquals(expected, h.get(r, c), 1e-4 * (1 + Math.abs(expected)), "h = W x, row " + r);
            }
        }
        GroundTruth truth = source.groundTruth().orElseThrow();
        for (int i = 0; i < 3; i++) {
            double norm = Math.hypot(w[i], w[3 + i]);
            assertEquals(w[i] / norm, truth.get(i, 0), 1e-6);
            assertEquals(w[3 + i] / norm, truth.get(i, 1), 1e-6);
        }
    }

    @Test
    void everyFeatureIsPresentWithASignedLomaxOneValue() {
        Activations x = ProjectionSource.of(2, 3, LOMAX_ONE, 3).inputs(0, 20_000);
        float[] magnitudes = new float[x.values().length];
        int negative = 0;
        for (int k = 0; k < magnitudes.length; k++) {
            assertTrue(x.values()[k] != 0, "present in every sample");
            magnitudes[k] = Math.abs(x.values()[k]);
            negative += x.values()[k] < 0 ? 1 : 0;
        }
        Arrays.sort(magnitudes);
        int n = magnitudes.length;
        // Lomax(1, scale 1): P(X > t) = 1 / (1 + t), so the median is 1 and the 90th percentile 9
        assertEquals(1, magnitudes[n / 2], 0.05, "median");
        assertEquals(9, magnitudes[(int) (0.9 * n)], 0.6, "90th percentile");
        assertEquals(0.5, negative / (double) n, 0.02, "a fair sign");
    }

    @Test
    void thePseudoInverseOfAHandMatrix() {
        // W = [[1, 0, 0], [0, 2, 0]]: W⁺ = [[1, 0], [0, 1/2], [0, 0]], returned transposed
        assertArrayEquals(new float[]{1, 0, 0, 0, 0.5f, 0}, ProjectionView.pseudoInverse(
                new float[]{1, 0, 0, 0, 2, 0}, 2, 3), 1e-7f);
        // W = [[1, 1, 0], [0, 0, 1]]: W Wᵀ = diag(2, 1), W⁺ = [[1/2, 0], [1/2, 0], [0, 1]]
        assertArrayEquals(new float[]{0.5f, 0.5f, 0, 0, 0, 1}, ProjectionView.pseudoInverse(
                new float[]{1, 1, 0, 0, 0, 1}, 2, 3), 1e-7f);
        assertThrows(IllegalArgumentException.class, () -> ProjectionView.pseudoInverse(
                new float[]{1, 2, 3, 2, 4, 6}, 2, 3));
    }

    @Test
    void aRandomWTimesItsPseudoInverseIsTheIdentity() {
        int dim = 3;
        int features = 7;
        float[] w = ProjectionSource.weight(dim, features, 11);
        float[] pinvT = ProjectionView.pseudoInverse(w, dim, features);
        for (int a = 0; a < dim; a++) {
            for (int b = 0; b < dim; b++) {
                double sum = 0;
                for (int f = 0; f < features; f++) {
                    sum += (double) w[a * features + f] * pinvT[b * features + f];
                }
                assertEquals(a == b ? 1 : 0, sum, 1e-5, "(W W⁺)[" + a + "][" + b + "]");
            }
        }
    }
}
