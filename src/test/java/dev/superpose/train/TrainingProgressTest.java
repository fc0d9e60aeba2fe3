package dev.superpose.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingProgressTest {
    @Test
    void reportsFractionCompletionAndLogSteps() {
        assertEquals(0.25, new TrainingProgress(25, 100, 10).fraction(), 1e-12);
        assertFalse(new TrainingProgress(99, 100, 10).finished());
        assertTrue(new TrainingProgress(100, 100, 10).finished());
        assertFalse(new TrainingProgress(0, 100, 10).isLogStep());
        assertTrue(new TrainingProgress(20, 100, 10).isLogStep());
        assertFalse(new TrainingProgress(21, 100, 10).isLogStep());
        assertTrue(new TrainingProgress(95, 95, 10).isLogStep(), "the last step is always logged");
    }
}
