package dev.superpose.train;

import dev.superpose.data.source.Activations;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Epoch-shuffled batches from a pool: a permutation per epoch, a pure function of (seed, step). */
class PoolBatchesTest {
    private static final int ROWS = 103;
    private static final int BATCH = 10;

    /** Row r holds the values (r, −r), so a batch names the rows it took. */
    private static Activations numbered() {
        float[] values = new float[ROWS * 2];
        for (int r = 0; r < ROWS; r++) {
            values[2 * r] = r;
            values[2 * r + 1] = -r;
        }
        return new Activations(ROWS, 2, values);
    }

    private static int[] rowsOf(PoolBatches batches, long step) {
        double[] x = new double[BATCH * 2];
        batches.fill(step, x);
        int[] rows = new int[BATCH];
        for (int b = 0; b < BATCH; b++) {
            rows[b] = (int) x[2 * b];
            assertEquals(0.0, x[2 * b] + x[2 * b + 1], "a row is copied whole");
        }
        return rows;
    }

    @Test
    void eachEpochVisitsDistinctRowsInAFreshOrder() {
        PoolBatches batches = new PoolBatches(numbered(), BATCH, 5);
        assertEquals(10, batches.batchesPerEpoch(), "the last 3 rows of an epoch's order are left out");
        for (int epoch = 0; epoch < 3; epoch++) {
            Set<Integer> seen = new HashSet<>();
            for (int s = 0; s < 10; s++) {
                for (int row : rowsOf(batches, epoch * 10L + s)) {
                    assertTrue(seen.add(row), "row " + row + " twice in epoch " + epoch);
                }
            }
            assertEquals(100, seen.size());
        }
        assertFalse(Arrays.equals(rowsOf(batches, 0), rowsOf(batches, 10)), "epochs 0 and 1 start alike");
    }

    @Test
    void keepingTheLastBatchVisitsEveryRowOnceAnEpochEndingWithAShortBatch() {
        PoolBatches batches = new PoolBatches(numbered(), BATCH, 5, true);
        assertEquals(11, batches.batchesPerEpoch(), "ten batches of 10 and one of 3");
        double[] x = new double[BATCH * 2];
        for (int epoch = 0; epoch < 2; epoch++) {
            Set<Integer> seen = new HashSet<>();
            int[] sizes = new int[11];
            for (int s = 0; s < 11; s++) {
                sizes[s] = batches.fill(epoch * 11L + s, x);
                for (int b = 0; b < sizes[s]; b++) {
                    assertTrue(seen.add((int) x[2 * b]), "row " + (int) x[2 * b] + " twice in epoch " + epoch);
                }
            }
            assertArrayEquals(new int[]{10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 3}, sizes);
            assertEquals(ROWS, seen.size());
            // the short batch's unused rows are zero
            assertArrayEquals(new double[(BATCH - 3) * 2], Arrays.copyOfRange(x, 6, BATCH * 2));
        }
    }

    @Test
    void aBatchIsAPureFunctionOfSeedAndStep() {
        PoolBatches sequential = new PoolBatches(numbered(), BATCH, 5);
        int[][] expected = new int[25][];
        for (int s = 0; s < 25; s++) {
            expected[s] = rowsOf(sequential, s);
        }
        PoolBatches jumping = new PoolBatches(numbered(), BATCH, 5);
        for (int s : new int[]{24, 3, 17, 0, 11, 24}) {
            assertArrayEquals(expected[s], rowsOf(jumping, s), "step " + s);
        }
        assertFalse(Arrays.equals(expected[0], rowsOf(new PoolBatches(numbered(), BATCH, 6), 0)), "another seed");
    }

    @Test
    void shuffledPositionsAreRoughlyUniform() {
        // Over many epochs, row 0 lands in each tenth of the order about equally often.
        PoolBatches batches = new PoolBatches(numbered(), BATCH, 1);
        int[] counts = new int[10];
        int epochs = 4000;
        for (int e = 0; e < epochs; e++) {
            int[] order = batches.firstRows(e, ROWS);
            for (int k = 0; k < ROWS; k++) {
                if (order[k] == 0) {
                    counts[Math.min(9, k * 10 / ROWS)]++;
                }
            }
        }
        for (int c : counts) {
            // Expected ≈ 400 (buckets of 10–11 positions); 5 standard deviations ≈ 100.
            assertEquals(epochs / 10.0, c, 110, Arrays.toString(counts));
        }
    }
}
