package dev.superpose.train;

import dev.superpose.config.Schedule;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LrScheduleTest {
    private static final double EPS = 1e-12;

    @Test
    void constantIsOne() {
        assertEquals(1.0, LrSchedule.multiplier(Schedule.CONSTANT, 0, 100, 0), EPS);
        assertEquals(1.0, LrSchedule.multiplier(Schedule.CONSTANT, 99, 100, 0), EPS);
    }

    @Test
    void linearDecaysFromOneTowardsZero() {
        assertEquals(1.0, LrSchedule.multiplier(Schedule.LINEAR, 0, 100, 0), EPS);
        assertEquals(0.75, LrSchedule.multiplier(Schedule.LINEAR, 25, 100, 0), EPS);
        assertEquals(0.01, LrSchedule.multiplier(Schedule.LINEAR, 99, 100, 0), EPS);
    }

    @Test
    void cosineFollowsHalfCosine() {
        assertEquals(1.0, LrSchedule.multiplier(Schedule.COSINE, 0, 100, 0), EPS);
        // ½(1 + cos(π/4)) = ½(1 + 0.70710678…)
        assertEquals(0.8535533905932737, LrSchedule.multiplier(Schedule.COSINE, 25, 100, 0), EPS);
        assertEquals(0.5, LrSchedule.multiplier(Schedule.COSINE, 50, 100, 0), EPS);
    }

    @Test
    void warmupCosineRampsLinearlyThenDecays() {
        assertEquals(0.0, LrSchedule.multiplier(Schedule.WARMUP_COSINE, 0, 110, 10), EPS);
        assertEquals(0.5, LrSchedule.multiplier(Schedule.WARMUP_COSINE, 5, 110, 10), EPS);
        assertEquals(1.0, LrSchedule.multiplier(Schedule.WARMUP_COSINE, 10, 110, 10), EPS);
        // 50 of the remaining 100 steps: ½(1 + cos(π/2)) = ½
        assertEquals(0.5, LrSchedule.multiplier(Schedule.WARMUP_COSINE, 60, 110, 10), EPS);
    }

    @Test
    void rejectsStepsOutsideTheRun() {
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.multiplier(Schedule.LINEAR, 100, 100, 0));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.multiplier(Schedule.LINEAR, -1, 100, 0));
    }
}
