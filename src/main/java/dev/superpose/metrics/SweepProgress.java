package dev.superpose.metrics;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A sweep's progress over trial-steps (steps × trials) and its estimated time to completion,
 * read at scrape time. The ETA extrapolates the speed of this run only: trial-steps finished by
 * an earlier run count as done but not as speed.
 */
final class SweepProgress {
    private final LongSupplier nanoClock;
    private final AtomicLong trainedThisRun = new AtomicLong();
    private volatile long total;
    private volatile long doneBefore; // written by the supervisor's thread only
    private volatile long startNanos;

    SweepProgress(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
    }

    void started(long trialStepsTotal, long trialStepsDone) {
        total = trialStepsTotal;
        doneBefore = trialStepsDone;
        trainedThisRun.set(0);
        startNanos = nanoClock.getAsLong();
    }

    /** Steps a stack continues from (its checkpoint's): done, but not by this run. */
    void resumed(long trialSteps) {
        doneBefore += trialSteps;
    }

    /** Negative when a retried stack's steps are taken back. */
    void trained(long trialSteps) {
        trainedThisRun.addAndGet(trialSteps);
    }

    /** Done / total in [0, 1]; an empty sweep is complete. */
    double fraction() {
        long all = total;
        return all == 0 ? 1.0 : Math.min(1.0, (double) done() / all);
    }

    /** Seconds left at this run's speed so far; NaN until a step is trained, 0 when complete. */
    double etaSeconds() {
        long remaining = total - done();
        if (remaining <= 0) {
            return 0.0;
        }
        long trained = trainedThisRun.get();
        double elapsed = (nanoClock.getAsLong() - startNanos) / (double) TimeUnit.SECONDS.toNanos(1);
        if (trained <= 0 || elapsed <= 0) {
            return Double.NaN;
        }
        return remaining / (trained / elapsed);
    }

    private long done() {
        return doneBefore + trainedThisRun.get();
    }
}
