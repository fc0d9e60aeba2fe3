package dev.superpose.cli;

import dev.superpose.orchestrator.ProgressListener;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.time.Duration;

/**
 * A terminal progress bar over trial-steps (steps × trials), with trials done / total, speed
 * and ETA. Used only when stdout is a terminal; logs and CI output stay clean otherwise.
 */
final class TerminalProgress implements ProgressListener, AutoCloseable {
    private ProgressBar bar;
    private int trialsTotal;
    private int trialsFinished;
    private int trialsFailed;

    /** A bar on a real terminal, or no output at all when there is none. */
    static ProgressListener forConsole() {
        return System.console() != null ? new TerminalProgress() : NONE;
    }

    @Override
    public synchronized void started(String sweep, int trialsTotal, int trialsFinished, long trialStepsTotal,
                                     long trialStepsDone) {
        this.trialsTotal = trialsTotal;
        this.trialsFinished = trialsFinished;
        this.bar = new ProgressBarBuilder()
                .setTaskName(sweep)
                .setInitialMax(trialStepsTotal)
                .startsFrom(trialStepsDone, Duration.ZERO)
                .setUnit(" steps", 1)
                .showSpeed()
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .continuousUpdate()
                .build();
        updateMessage();
    }

    @Override
    public synchronized void trained(long trialSteps) {
        if (bar != null) {
            bar.stepBy(trialSteps);
        }
    }

    @Override
    public synchronized void finished(int trials, int failed) {
        trialsFinished += trials;
        trialsFailed += failed;
        updateMessage();
    }

    private void updateMessage() {
        if (bar != null) {
            bar.setExtraMessage(" · " + trialsFinished + "/" + trialsTotal + " trials"
                    + (trialsFailed > 0 ? ", " + trialsFailed + " failed" : ""));
        }
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
