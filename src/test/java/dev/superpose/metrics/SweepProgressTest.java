package dev.superpose.metrics;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepProgressTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final SweepProgress progress = new SweepProgress(now::get);

    private void advanceSeconds(long seconds) {
        now.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    @Test
    void etaExtrapolatesThisRunsSpeedOverWhatIsLeft() {
        progress.started(100, 20);
        assertEquals(0.2, progress.fraction(), 1e-12);
        assertTrue(Double.isNaN(progress.etaSeconds()), "no speed before the first step");

        advanceSeconds(10);
        progress.trained(30);
        // 30 trial-steps in 10 s = 3/s; 100 - 50 left -> 50 / 3 s.
        assertEquals(0.5, progress.fraction(), 1e-12);
        assertEquals(50.0 / 3, progress.etaSeconds(), 1e-9);
    }

    @Test
    void stepsAStackResumesFromAreDoneButNotThisRunsSpeed() {
        progress.started(100, 0);
        progress.resumed(40);
        advanceSeconds(10);
        progress.trained(20);
        // 20 trained in 10 s = 2/s (not 6/s); 100 - 60 left -> 20 s.
        assertEquals(0.6, progress.fraction(), 1e-12);
        assertEquals(20.0, progress.etaSeconds(), 1e-9);
    }

    @Test
    void aRetryTakesItsStepsBack() {
        progress.started(100, 0);
        advanceSeconds(5);
        progress.trained(40);
        progress.trained(-10);
        // 30 in 5 s = 6/s; 70 left.
        assertEquals(0.3, progress.fraction(), 1e-12);
        assertEquals(70.0 / 6, progress.etaSeconds(), 1e-9);
    }

    @Test
    void aCompleteOrEmptySweepHasNothingLeft() {
        progress.started(10, 10);
        assertEquals(1.0, progress.fraction());
        assertEquals(0.0, progress.etaSeconds());
        progress.started(0, 0);
        assertEquals(1.0, progress.fraction());
        assertEquals(0.0, progress.etaSeconds());
    }
}
