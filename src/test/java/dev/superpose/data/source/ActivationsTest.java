package dev.superpose.data.source;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ActivationsTest {
    private static final Activations THREE_BY_TWO = new Activations(3, 2, new float[]{3, 4, 0, 0, 1, -2});

    @Test
    void selectAndHeadCopyRowsInOrder() {
        assertArrayEquals(new float[]{1, -2, 3, 4, 1, -2}, THREE_BY_TWO.select(new int[]{2, 0, 2}).values());
        assertArrayEquals(new float[]{3, 4, 0, 0}, THREE_BY_TWO.head(2).values());
        assertEquals(-2, THREE_BY_TWO.get(2, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> THREE_BY_TWO.select(new int[]{3}));
        assertThrows(IllegalArgumentException.class, () -> THREE_BY_TWO.head(4));
    }

    @Test
    void unitNormRowsScaleEachRowAndLeaveZeroRowsAlone() {
        Activations unit = THREE_BY_TWO.withUnitNormRows();
        float s = (float) Math.sqrt(5);
        assertArrayEquals(new float[]{0.6f, 0.8f, 0, 0, 1 / s, -2 / s}, unit.values(), 1e-7f);
        assertArrayEquals(new float[]{3, 4, 0, 0, 1, -2}, THREE_BY_TWO.values(), "the original is unchanged");
    }

    @Test
    void zScoreRowsAreCentredWithUnitVarianceAndConstantRowsBecomeZero() {
        // row (3, 4): mean 3.5, variance 0.25 → (−1, 1); row (1, −2): mean −0.5, variance 2.25 → (1, −1)
        Activations z = THREE_BY_TWO.withZScoreRows();
        assertArrayEquals(new float[]{-1, 1, 0, 0, 1, -1}, z.values(), 1e-7f);
        Activations wide = new Activations(1, 4, new float[]{1, 2, 3, 10}).withZScoreRows();
        double mean = 0;
        double square = 0;
        for (float v : wide.values()) {
            mean += v / 4.0;
            square += v * v / 4.0;
        }
        assertEquals(0, mean, 1e-7);
        assertEquals(1, square, 1e-6);
    }

    @Test
    void columnStatisticsArePopulationMeansAndStds() {
        // column 0: 3, 0, 1 → mean 4/3, variance ((5/3)² + (4/3)² + (1/3)²)/3 = 42/27
        // column 1: 4, 0, −2 → mean 2/3, variance ((10/3)² + (2/3)² + (8/3)²)/3 = 168/27
        assertArrayEquals(new double[]{4.0 / 3, 2.0 / 3}, THREE_BY_TWO.columnMeans(), 1e-12);
        assertArrayEquals(new double[]{Math.sqrt(42.0 / 27), Math.sqrt(168.0 / 27)}, THREE_BY_TWO.columnStds(), 1e-12);
    }

    @Test
    void rejectsMismatchedShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Activations(2, 3, new float[5]));
        assertEquals("activations 2x3 need 6 values, got 5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Activations(1, 0, new float[0]));
    }
}
