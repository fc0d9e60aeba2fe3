package dev.superpose.data.source;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GroundTruthTest {
    @Test
    void normalizedScalesRowsToUnitLength() {
        GroundTruth truth = GroundTruth.normalized(2, 2, new float[]{3, 4, 0, -2}, "test");
        assertArrayEquals(new float[]{0.6f, 0.8f, 0, -1}, truth.directions(), 1e-7f);
        assertEquals(0.8f, truth.get(0, 1), 1e-7f);
    }

    @Test
    void rejectsZeroRowsAndRowsThatAreNotUnit() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> GroundTruth.normalized(2, 2, new float[]{1, 0, 0, 0}, "W.npz"));
        assertEquals("W.npz: feature 1 has norm 0.0, so it has no direction to recover", zero.getMessage());
        IllegalArgumentException long_ = assertThrows(IllegalArgumentException.class,
                () -> new GroundTruth(1, 2, new float[]{1, 1}));
        assertEquals("ground-truth feature 0 must have unit norm, has " + Math.sqrt(2), long_.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GroundTruth(1, 2, new float[]{Float.NaN, 0}));
    }
}
