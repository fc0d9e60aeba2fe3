package dev.superpose.data.source;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SplitTest {
    /** Row r is (r, r + 100): a row's first value names it. */
    private static Activations numbered(int rows) {
        float[] values = new float[rows * 2];
        for (int r = 0; r < rows; r++) {
            values[2 * r] = r;
            values[2 * r + 1] = r + 100;
        }
        return new Activations(rows, 2, values);
    }

    private static Set<Integer> ids(Activations rows) {
        Set<Integer> ids = new HashSet<>();
        for (int r = 0; r < rows.rows(); r++) {
            assertEquals(rows.get(r, 0) + 100, rows.get(r, 1), "rows move whole");
            ids.add((int) rows.get(r, 0));
        }
        return ids;
    }

    @Test
    void aFractionSplitsEveryRowIntoExactlyOnePart() {
        Split split = Split.byFraction(numbered(100), 0.25, 3);
        assertEquals(75, split.train().rows());
        assertEquals(25, split.test().rows());
        Set<Integer> all = new HashSet<>(ids(split.train()));
        all.addAll(ids(split.test()));
        assertEquals(100, all.size());
        assertTrue(ids(split.test()).stream().anyMatch(id -> id >= 25), "rows are shuffled, not cut in order");
    }

    @Test
    void testRowsNameTheRowsOfTheTestPartInItsOrder() {
        for (double fraction : new double[]{0.25, 0}) {
            Activations test = Split.byFraction(numbered(40), fraction, 9).test();
            int[] rows = Split.testRows(40, fraction, 9);
            assertEquals(test.rows(), rows.length);
            for (int i = 0; i < rows.length; i++) {
                assertEquals(rows[i], (int) test.get(i, 0));
            }
        }
    }

    @Test
    void countsMayTakeASubsample() {
        Split split = Split.byCounts(numbered(100), 30, 10, 3);
        assertEquals(30, split.train().rows());
        assertEquals(10, split.test().rows());
        Set<Integer> both = new HashSet<>(ids(split.train()));
        both.retainAll(ids(split.test()));
        assertTrue(both.isEmpty(), "no row is in both parts");
    }

    @Test
    void aZeroFractionTrainsOnEveryRowAndTestsOnTheSame() {
        Split split = Split.byFraction(numbered(20), 0, 3);
        assertEquals(20, split.train().rows());
        assertEquals(20, ids(split.train()).size());
        assertArrayEquals(split.train().values(), split.test().values());
    }

    @Test
    void theSameSeedGivesTheSameSplit() {
        Activations rows = numbered(50);
        assertArrayEquals(Split.byFraction(rows, 0.2, 7).test().values(), Split.byFraction(rows, 0.2, 7).test().values());
        assertFalse(Arrays.equals(Split.byFraction(rows, 0.2, 7).test().values(),
                Split.byFraction(rows, 0.2, 8).test().values()));
    }

    @Test
    void theShuffleIsUniform() {
        // where row 0 lands over many seeds: each of 4 positions a quarter of the time
        int[] landed = new int[4];
        int seeds = 4000;
        for (long seed = 0; seed < seeds; seed++) {
            Split split = Split.byCounts(numbered(4), 3, 1, seed);
            landed[split.test().get(0, 0) == 0 ? 0 : 1 + position(split.train(), 0)]++;
        }
        for (int count : landed) {
            assertEquals(seeds / 4.0, count, 4 * Math.sqrt(seeds * 0.25 * 0.75), Arrays.toString(landed));
        }
    }

    private static int position(Activations rows, int id) {
        for (int r = 0; r < rows.rows(); r++) {
            if (rows.get(r, 0) == id) {
                return r;
            }
        }
        throw new AssertionError("row " + id + " is missing");
    }

    @Test
    void rejectsSplitsWithAnEmptyPart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Split.byFraction(numbered(3), 0.1, 0));
        assertEquals("a test fraction of 0.1 of 3 rows leaves 0 test and 3 training rows; both need at least 1",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Split.byFraction(numbered(3), 1, 0));
        assertThrows(IllegalArgumentException.class, () -> Split.byFraction(numbered(3), -0.1, 0));
        IllegalArgumentException counts = assertThrows(IllegalArgumentException.class,
                () -> Split.byCounts(numbered(3), 3, 1, 0));
        assertEquals("cannot split 3 rows into 3 training and 1 test rows: need at least 1 of each and no more than"
                + " there are", counts.getMessage());
    }
}
