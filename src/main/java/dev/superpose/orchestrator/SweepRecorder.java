package dev.superpose.orchestrator;

import dev.superpose.eval.Json;
import dev.superpose.eval.TrialEvaluation;
import dev.superpose.eval.TrialStatus;
import dev.superpose.metrics.SweepMeters;
import dev.superpose.store.Database;
import dev.superpose.store.EventRepository;
import dev.superpose.store.StackRepository;
import dev.superpose.store.StepMetricRepository;
import dev.superpose.store.TrialRepository;

/**
 * The supervisor's single path into H2: every state change of a running sweep becomes rows
 * (trial and stack status, loss points, events), and moves the sweep's meters along (trial states,
 * retries, failures, divergences, H2 write time). Called only from the supervisor's thread.
 */
public final class SweepRecorder {
    private final long sweepId;
    private final TrialRepository trials;
    private final StackRepository stacks;
    private final StepMetricRepository steps;
    private final EventRepository events;
    private final SweepMeters meters;

    public SweepRecorder(Database db, long sweepId, SweepMeters meters) {
        this.sweepId = sweepId;
        this.meters = meters;
        this.trials = new TrialRepository(db);
        this.stacks = new StackRepository(db);
        this.steps = new StepMetricRepository(db);
        this.events = new EventRepository(db);
    }

    void stackStarted(StackAssignment stack, String trainer, int attempt) {
        long start = System.nanoTime();
        trials.setStatus(sweepId, stack.trialIds(), TrialStatus.RUNNING.id(), null);
        stacks.setProgress(sweepId, stack.stackId(), "running", 0, trainer, null);
        events.record(sweepId, "start", stack.stackId(), null, "trainer " + trainer + ", attempt " + attempt);
        meters.h2Write(System.nanoTime() - start);
        meters.trialsMoved(TrialStatus.PENDING.id(), TrialStatus.RUNNING.id(), stack.size());
    }

    void lossPoint(StackAssignment stack, long step, double[] losses) {
        long start = System.nanoTime();
        steps.append(sweepId, stack.trialIds(), step, losses);
        stacks.setProgress(sweepId, stack.stackId(), "running", step, null, null);
        meters.h2Write(System.nanoTime() - start);
    }

    void stackRetried(StackAssignment stack, String error) {
        long start = System.nanoTime();
        trials.setStatus(sweepId, stack.trialIds(), TrialStatus.PENDING.id(), null);
        stacks.setProgress(sweepId, stack.stackId(), "pending", 0, null, error);
        events.record(sweepId, "retry", stack.stackId(), null, error);
        meters.h2Write(System.nanoTime() - start);
        meters.trialsMoved(TrialStatus.RUNNING.id(), TrialStatus.PENDING.id(), stack.size());
        meters.retried();
    }

    void stackFailed(StackAssignment stack, String error) {
        long start = System.nanoTime();
        trials.setStatus(sweepId, stack.trialIds(), TrialStatus.FAILED.id(), error);
        stacks.setProgress(sweepId, stack.stackId(), "failed", 0, null, error);
        events.record(sweepId, "failure", stack.stackId(), null, error);
        meters.h2Write(System.nanoTime() - start);
        meters.trialsMoved(TrialStatus.RUNNING.id(), TrialStatus.FAILED.id(), stack.size());
        meters.failed(stack.size());
    }

    void stackEvaluated(StackAssignment stack, java.util.List<TrialEvaluation> results) {
        long start = System.nanoTime();
        for (TrialEvaluation result : results) {
            trials.complete(sweepId, result.trialId(), result.status().id(), Json.write(result.metrics()),
                    stack.steps());
            if (result.status() == TrialStatus.DIVERGED) {
                events.record(sweepId, "diverged", stack.stackId(), result.trialId(), "non-finite loss or weights");
                meters.diverged(1);
            }
            meters.trialsMoved(TrialStatus.RUNNING.id(), result.status().id(), 1);
        }
        stacks.setProgress(sweepId, stack.stackId(), "done", stack.steps(), null, null);
        events.record(sweepId, "done", stack.stackId(), null, results.size() + " trials evaluated");
        meters.h2Write(System.nanoTime() - start);
    }
}
