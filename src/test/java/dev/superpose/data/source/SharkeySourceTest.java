package dev.superpose.data.source;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Sharkey et al. source at its defaults: h = 256, G = 512, 5 features active on average, decay 0.99. */
class SharkeySourceTest {
    private static final int DIM = SharkeySource.DEFAULT_DIM;
    private static final int FEATURES = SharkeySource.DEFAULT_FEATURES;
    private static final int ROWS = 20_000;

    private static SharkeySource source(long seed) {
        return new SharkeySource(DIM, FEATURES, SharkeySource.DEFAULT_PROBABILITY_DECAY,
                SharkeySource.DEFAULT_MEAN_ACTIVE, seed);
    }

    @Test
    void dictionaryHasUnitRowsInRandomDirections() {
        GroundTruth truth = source(1).groundTruth().orElseThrow();
        assertEquals(FEATURES, truth.features());
        assertEquals(DIM, truth.dim());
        double sumSquaredCosine = 0;
        for (int f = 0; f < FEATURES; f++) {
            assertEquals(1, dot(truth.directions(), f, truth.directions(), f, DIM), 1e-5, "norm² of feature " + f);
            if (f > 0) {
                double cos = dot(truth.directions(), f, truth.directions(), f - 1, DIM);
                sumSquaredCosine += cos * cos;
            }
        }
        // independent random unit vectors in d dimensions: E[cos²] = 1/d
        assertEquals(1.0 / DIM, sumSquaredCosine / (FEATURES - 1), 0.3 / DIM);
    }

    @Test
    void codesHaveTheTargetMeanCountDecayingMarginalsAndUniformMagnitudes() {
        SharkeySource s = source(2);
        float[] codes = new float[ROWS * FEATURES];
        s.fillCodes(0, ROWS, codes, 0);
        // p_i = 5 · 0.99^i / Σ_j 0.99^j (all below 1 at these settings)
        double decay = SharkeySource.DEFAULT_PROBABILITY_DECAY;
        double scale = SharkeySource.DEFAULT_MEAN_ACTIVE * (1 - decay) / (1 - Math.pow(decay, FEATURES));
        long active = 0;
        double magnitudeSum = 0;
        double[] perRow = new double[ROWS];
        // features in 8 blocks of 64: each block's presence count against Σ p_i over the block
        for (int block = 0; block < 8; block++) {
            long count = 0;
            double expected = 0;
            double sdSum = 0;
            for (int f = block * 64; f < (block + 1) * 64; f++) {
                double p = scale * Math.pow(decay, f);
                expected += p * ROWS;
                sdSum += Math.sqrt(p * (1 - p));
                for (int r = 0; r < ROWS; r++) {
                    float c = codes[r * FEATURES + f];
                    if (c != 0) {
                        count++;
                        perRow[r]++;
                        magnitudeSum += c;
                        assertTrue(c > 0 && c <= 1, "magnitude " + c);
                    }
                }
            }
            // however presences correlate, the sd of a block's count per row is at most Σ_i sd_i
            assertEquals(expected, count, 4 * sdSum * Math.sqrt(ROWS), "presences in features of block " + block);
            active += count;
        }
        // rows are independent: the mean count is within 4 standard errors (sd measured: ~5, the copula
        // correlates presence) of the target
        double meanCount = (double) active / ROWS;
        double sd = Math.sqrt(Arrays.stream(perRow).map(k -> (k - meanCount) * (k - meanCount)).sum() / ROWS);
        assertEquals(SharkeySource.DEFAULT_MEAN_ACTIVE, meanCount, 4 * sd / Math.sqrt(ROWS));
        assertEquals(0.5, magnitudeSum / active, 0.01, "mean of U[0, 1] magnitudes");
        long first = 0;
        long last = 0;
        for (int r = 0; r < ROWS; r++) {
            first += codes[r * FEATURES] != 0 ? 1 : 0;
            last += codes[r * FEATURES + FEATURES - 1] != 0 ? 1 : 0;
        }
        // p_0 ≈ 0.050, p_511 ≈ 0.0003
        assertEquals(scale * ROWS, first, 4 * Math.sqrt(scale * ROWS));
        assertTrue(last < first / 20, "marginals decay: " + first + " vs " + last);
    }

    @Test
    void activationsAreTheCodesTimesTheDictionary() {
        SharkeySource s = source(3);
        int rows = 200;
        float[] codes = new float[rows * FEATURES];
        s.fillCodes(7, rows, codes, 0);
        float[] h = new float[rows * DIM + 5];
        s.fill(7, rows, h, 5);
        float[] dictionary = s.groundTruth().orElseThrow().directions();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < DIM; c++) {
                double expected = 0;
                for (int f = 0; f < FEATURES; f++) {
                    expected += (double) codes[r * FEATURES + f] * dictionary[f * DIM + c];
                }
                assertEquals(expected, h[5 + r * DIM + c], 1e-5, "row " + r + ", dimension " + c);
            }
        }
    }

    @Test
    void sameSeedSameDataAndBatchesArePrefixStable() {
        Activations a = source(4).draw(3, 50);
        assertArrayEquals(a.values(), source(4).draw(3, 50).values());
        assertArrayEquals(source(4).groundTruth().orElseThrow().directions(),
                source(4).groundTruth().orElseThrow().directions());
        assertArrayEquals(a.head(10).values(), source(4).draw(3, 10).values(), "sample b does not depend on the batch size");
        assertFalse(Arrays.equals(a.values(), source(5).draw(3, 50).values()));
        assertFalse(Arrays.equals(a.values(), source(4).draw(4, 50).values()));
        assertFalse(Arrays.equals(a.values(), source(4).heldOut(50).values()));
    }

    static double dot(float[] a, int rowA, float[] b, int rowB, int dim) {
        double sum = 0;
        for (int c = 0; c < dim; c++) {
            sum += (double) a[rowA * dim + c] * b[rowB * dim + c];
        }
        return sum;
    }
}
