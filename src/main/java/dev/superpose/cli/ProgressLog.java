package dev.superpose.cli;

import dev.superpose.orchestrator.ProgressListener;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Progress as log lines, for output that is not a terminal ({@code nohup superpose run … > log}):
 * a line when the run starts, when a stack continues from a checkpoint, when trials finish, and
 * otherwise at most every {@code every} while steps are trained.
 */
final class ProgressLog implements ProgressListener {
    private final PrintWriter out;
    private final LongSupplier nanoClock;
    private final long everyNanos;
    private final RunProgress progress;
    private long lastLineNanos;

    ProgressLog(PrintWriter out, Duration every, LongSupplier nanoClock) {
        this.out = out;
        this.nanoClock = nanoClock;
        this.everyNanos = every.toNanos();
        this.progress = new RunProgress(nanoClock);
    }

    /** How a resumed stack is announced, on a terminal and in a log alike. */
    static String resumeLine(String stackId, long fromStep) {
        return "stack " + stackId + " continues from its checkpoint at step " + fromStep;
    }

    /** How an extended sweep is announced, on a terminal and in a log alike. */
    static String extendedLine(String sweep, int trialsAdded, int trialsTotal) {
        return "sweep " + sweep + " extended by " + trialsAdded + " trials (" + trialsTotal
                + " in all); the trials it had keep their results, only the new ones and unfinished ones are trained";
    }

    @Override
    public synchronized void extended(String sweep, int trialsAdded, int trialsTotal) {
        print(extendedLine(sweep, trialsAdded, trialsTotal));
    }

    @Override
    public synchronized void started(String sweep, int trialsTotal, int trialsFinished, long trialStepsTotal,
                                     long trialStepsDone) {
        progress.started(sweep, trialsTotal, trialsFinished, trialStepsTotal, trialStepsDone);
        print(progress.line());
    }

    @Override
    public synchronized void resumed(String stackId, long fromStep, long trialSteps) {
        progress.resumed(trialSteps);
        if (fromStep > 0) {
            print(progress.sweep() + ": " + resumeLine(stackId, fromStep));
        }
    }

    @Override
    public synchronized void trained(long trialSteps) {
        progress.trained(trialSteps);
        if (nanoClock.getAsLong() - lastLineNanos >= everyNanos) {
            print(progress.line());
        }
    }

    @Override
    public synchronized void finished(int trials, int failed) {
        progress.finished(trials, failed);
        print(progress.line());
    }

    private void print(String line) {
        out.println(line);
        out.flush();
        lastLineNanos = nanoClock.getAsLong();
    }
}
