package dev.superpose.analysis;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GramTest {
    private static final double TOL = 1e-12;

    @Test
    void regularPentagonVectorsTakeTwoFifthsOfADimensionEach() {
        double[] d = Gram.dimensionalities(Gram.ofRows(Weights.polygon(5, 0.3)));
        assertArrayEquals(new double[]{0.4, 0.4, 0.4, 0.4, 0.4}, d, TOL);
    }

    @Test
    void antipodalPairTakesHalfADimensionEach() {
        double[][] gram = Gram.ofRows(new double[][]{{0.7, 0}, {-0.7, 0}, {0, 0}});
        assertArrayEquals(new double[]{0.5, 0.5, 0}, Gram.dimensionalities(gram), TOL);
        assertEquals(0.49, Gram.interference(gram, 0), TOL); // (Ŵ_0·W_1)² = 0.7²
    }

    @Test
    void theShorterOfAnUnequalPairGetsTheSmallerShare() {
        // D_0 = 1² / (1² + 2²), D_1 = 2² / (2² + 1²): shares of the one dimension, summing to 1.
        double[][] gram = Gram.ofRows(new double[][]{{1}, {-2}});
        assertEquals(1.0 / 5, Gram.dimensionality(gram, 0), TOL);
        assertEquals(4.0 / 5, Gram.dimensionality(gram, 1), TOL);
    }

    @Test
    void orthogonalVectorsHaveADimensionEachAndZeroCosine() {
        double[][] gram = Gram.ofRows(new double[][]{{2, 0, 0}, {0, 0.1, 0}});
        assertArrayEquals(new double[]{1, 1}, Gram.dimensionalities(gram), TOL);
        assertEquals(0, Gram.cosine(gram, 0, 1), TOL);
        assertEquals(0, Gram.interference(gram, 1), TOL);
    }

    @Test
    void cosineOfATriangleIsMinusOneHalfAndZeroForZeroVectors() {
        double[][] gram = Gram.ofRows(new double[][]{Weights.polygon(3, 0)[0], Weights.polygon(3, 0)[1], {0, 0}});
        assertEquals(-0.5, Gram.cosine(gram, 0, 1), TOL);
        assertEquals(0, Gram.cosine(gram, 0, 2), TOL);
    }

    @Test
    void featureGramIsWTransposeW() {
        double[][] gram = Gram.ofFeatures(Weights.fromColumns(new double[]{1, 2}, new double[]{3, -1}));
        assertArrayEquals(new double[]{5, 1}, gram[0], TOL);
        assertArrayEquals(new double[]{1, 10}, gram[1], TOL);
    }

    @Test
    void rowsOfDifferentLengthsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gram.ofRows(new double[][]{{1, 2}, {3}}));
        assertEquals("vectors must all have one length, vector 0 has 2 components and vector 1 has 1",
                e.getMessage());
    }
}
