package dev.superpose.cli;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Where a run stands, in the words the progress bar and the progress log use. Its speed and ETA
 * count only the steps this run trained: steps a stack resumed from a checkpoint are done, but
 * not by this run. Not thread-safe: its owner synchronises.
 */
final class RunProgress {
    private final LongSupplier nanoClock;
    private String sweep = "";
    private int trialsTotal;
    private int trialsFinished;
    private int trialsFailed;
    private long trialStepsTotal;
    private long trialStepsDone;
    private long trainedThisRun;
    private long startNanos;

    RunProgress(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    void started(String sweep, int trialsTotal, int trialsFinished, long trialStepsTotal, long trialStepsDone) {
        this.sweep = sweep;
        this.trialsTotal = trialsTotal;
        this.trialsFinished = trialsFinished;
        this.trialStepsTotal = trialStepsTotal;
        this.trialStepsDone = trialStepsDone;
        this.trainedThisRun = 0;
        this.startNanos = nanoClock.getAsLong();
    }

    void resumed(long trialSteps) {
        trialStepsDone += trialSteps;
    }

    void trained(long trialSteps) {
        trialStepsDone += trialSteps;
        trainedThisRun += trialSteps;
    }

    void finished(int trials, int failed) {
        trialsFinished += trials;
        trialsFailed += failed;
    }

    String sweep() {
        return sweep;
    }

    long trialStepsTotal() {
        return trialStepsTotal;
    }

    long trialStepsDone() {
        return trialStepsDone;
    }

    /** Every step is trained but not every trial finished: the last stacks are being evaluated. */
    boolean evaluating() {
        return trialStepsDone >= trialStepsTotal && trialsFinished < trialsTotal;
    }

    /** Speed, ETA (or "warming up" / "evaluating") and trials, e.g. {@code 1234 steps/s · ETA 0:01:05 · 3/24 trials}. */
    String summary() {
        String trials = trialsFinished + "/" + trialsTotal + " trials" + (trialsFailed > 0 ? ", " + trialsFailed + " failed" : "");
        if (evaluating()) {
            return "evaluating · " + trials;
        }
        double seconds = (nanoClock.getAsLong() - startNanos) / (double) TimeUnit.SECONDS.toNanos(1);
        if (trainedThisRun <= 0 || seconds <= 0) {
            return "warming up · " + trials;
        }
        double rate = trainedThisRun / seconds;
        long eta = (long) Math.ceil(Math.max(0, trialStepsTotal - trialStepsDone) / rate);
        return speed(rate) + " · ETA " + StatusCommand.hours(eta) + " · " + trials;
    }

    /** One line for a log: the sweep, trial-steps done / total and {@link #summary()}. */
    String line() {
        long percent = trialStepsTotal == 0 ? 100 : Math.round(100.0 * trialStepsDone / trialStepsTotal);
        return sweep + ": " + trialStepsDone + "/" + trialStepsTotal + " steps (" + percent + "%) · " + summary();
    }

    /** Steps per second with a unit. */
    static String speed(double stepsPerSecond) {
        return rate(stepsPerSecond) + " steps/s";
    }

    /** A rate with the digits that mean something: 1234, 56.7, 0.89. */
    static String rate(double perSecond) {
        String format = perSecond >= 100 ? "%.0f" : perSecond >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, format, perSecond);
    }
}
