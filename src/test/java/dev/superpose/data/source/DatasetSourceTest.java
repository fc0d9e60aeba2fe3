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

class DatasetSourceTest {
    /** 10 training rows (r, r + 0.5) for r = 0..9 and 3 test rows. */
    private static Split split() {
        float[] train = new float[20];
        for (int r = 0; r < 10; r++) {
            train[2 * r] = r;
            train[2 * r + 1] = r + 0.5f;
        }
        return new Split(new Activations(10, 2, train), new Activations(3, 2, new float[]{-1, -1, -2, -2, -3, -3}));
    }

    @Test
    void batchesDrawTrainingRowsUniformlyWithReplacement() {
        DatasetSource source = new DatasetSource(split(), 1);
        int rows = 20_000;
        Activations batch = source.draw(0, rows);
        int[] counts = new int[10];
        for (int r = 0; r < rows; r++) {
            int id = (int) batch.get(r, 0);
            assertEquals(id + 0.5f, batch.get(r, 1), "whole training rows");
            counts[id]++;
        }
        for (int count : counts) {
            assertEquals(rows / 10.0, count, 4 * Math.sqrt(rows * 0.1 * 0.9), Arrays.toString(counts));
        }
    }

    @Test
    void heldOutRowsAreTheTestSplit() {
        DatasetSource source = new DatasetSource(split(), 1);
        assertArrayEquals(new float[]{-1, -1, -2, -2}, source.heldOut(2).values());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> source.heldOut(4));
        assertEquals("asked for 4 held-out rows but the test split has 3", e.getMessage());
        Set<Float> trained = new HashSet<>();
        Activations batch = source.draw(0, 1000);
        for (int r = 0; r < batch.rows(); r++) {
            trained.add(batch.get(r, 0));
        }
        assertTrue(trained.stream().allMatch(v -> v >= 0), "training never reads test rows");
    }

    @Test
    void seededAndDeterministic() {
        float[] a = new DatasetSource(split(), 1).draw(3, 50).values();
        assertArrayEquals(a, new DatasetSource(split(), 1).draw(3, 50).values());
        assertFalse(Arrays.equals(a, new DatasetSource(split(), 2).draw(3, 50).values()));
        assertFalse(Arrays.equals(a, new DatasetSource(split(), 1).draw(4, 50).values()));
    }
}
