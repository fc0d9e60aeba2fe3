package dev.superpose.analysis.sae;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two seeds' dictionaries, each row of one matched to its best row of the other. */
class SeedSimilarityTest {
    private static final int DIM = 6;

    @Test
    void theSameDictionaryInAnotherLatentOrderIsIdentical() {
        float[] a = unitRows(12, new Random(1));
        int[] order = {5, 0, 11, 3, 8, 1, 10, 2, 7, 4, 9, 6};
        float[] b = new float[a.length];
        for (int l = 0; l < order.length; l++) {
            System.arraycopy(a, order[l] * DIM, b, l * DIM, DIM);
        }
        RepresentationSimilarity.Scores scores = SeedSimilarity.between(a, b, DIM).orElseThrow();
        assertEquals(1, scores.cka().value(), 1e-9);
        assertEquals(0, scores.procrustes().value(), 1e-6);
        assertEquals(1, scores.rsa().value(), 1e-12);
        // no shuffle of the rows does as well: the smallest p-value of 99 shuffles
        assertEquals(0.01, scores.cka().pValue(), 1e-12);
    }

    @Test
    void unrelatedDictionariesScoreBelowAPermutedCopy() {
        float[] a = unitRows(12, new Random(2));
        float[] b = unitRows(12, new Random(3));
        RepresentationSimilarity.Scores scores = SeedSimilarity.between(a, b, DIM).orElseThrow();
        assertTrue(scores.cka().value() < 0.95, "cka " + scores.cka().value());
        assertTrue(scores.procrustes().value() > 0.1, "procrustes " + scores.procrustes().value());
    }

    @Test
    void dictionariesBeyondTheMeasuredSizesAreNotCompared() {
        assertTrue(SeedSimilarity.between(unitRows(200, new Random(4)), unitRows(200, new Random(5)), DIM).isEmpty());
        assertTrue(SeedSimilarity.between(unitRows(2, new Random(4)), unitRows(2, new Random(5)), DIM).isEmpty());
    }

    private static float[] unitRows(int rows, Random random) {
        float[] out = new float[rows * DIM];
        for (int r = 0; r < rows; r++) {
            double norm = 0;
            double[] row = new double[DIM];
            for (int j = 0; j < DIM; j++) {
                row[j] = random.nextGaussian();
                norm += row[j] * row[j];
            }
            for (int j = 0; j < DIM; j++) {
                out[r * DIM + j] = (float) (row[j] / Math.sqrt(norm));
            }
        }
        return out;
    }
}
