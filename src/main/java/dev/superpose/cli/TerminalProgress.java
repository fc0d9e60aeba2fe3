package dev.superpose.cli;

import dev.superpose.orchestrator.ProgressListener;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.time.Duration;

/**
 * A terminal progress bar over trial-steps (steps × trials), followed by this run's speed, the
 * ETA (or "warming up", "evaluating") and trials done / total. The bar's own speed and ETA are
 * off: they would count the steps resumed stacks bring from their checkpoints as this run's.
 */
final class TerminalProgress implements ProgressListener, AutoCloseable {
    private final RunProgress progress = new RunProgress(System::nanoTime);
    private final PrintStream terminal;
    private ProgressBar bar;

    TerminalProgress(PrintStream terminal) {
        this.terminal = terminal;
    }

    @Override
    public synchronized void started(String sweep, int trialsTotal, int trialsFinished, long trialStepsTotal,
                                     long trialStepsDone) {
        progress.started(sweep, trialsTotal, trialsFinished, trialStepsTotal, trialStepsDone);
        this.bar = new ProgressBarBuilder()
                .setTaskName(sweep)
                .setInitialMax(trialStepsTotal)
                .startsFrom(trialStepsDone, Duration.ZERO)
                .setUnit(" steps", 1)
                .hideEta()
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .continuousUpdate()
                .build();
        update();
    }

    @Override
    public synchronized void extended(String sweep, int trialsAdded, int trialsTotal) {
        terminal.println(ProgressLog.extendedLine(sweep, trialsAdded, trialsTotal)); // before the bar starts
    }

    @Override
    public synchronized void resumed(String stackId, long fromStep, long trialSteps) {
        progress.resumed(trialSteps);
        if (fromStep > 0) {
            // on its own line above the bar, which redraws itself below it
            terminal.print("\r\u001b[2K" + ProgressLog.resumeLine(stackId, fromStep) + System.lineSeparator());
        }
        update();
    }

    @Override
    public synchronized void trained(long trialSteps) {
        progress.trained(trialSteps);
        update();
    }

    @Override
    public synchronized void finished(int trials, int failed) {
        progress.finished(trials, failed);
        update();
    }

    private void update() {
        if (bar != null) {
            bar.stepTo(progress.trialStepsDone());
            bar.setExtraMessage(" · " + progress.summary());
        }
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
