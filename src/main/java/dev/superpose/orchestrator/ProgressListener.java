package dev.superpose.orchestrator;

/**
 * What a terminal (or any observer) is told about a running sweep. Called from the supervisor's
 * thread: implementations must be quick and must not block.
 */
public interface ProgressListener {
    /** Sweep {@code sweep} existed and gained {@code trialsAdded} trials (seeds or grid values), {@code trialsTotal} in all. */
    void extended(String sweep, int trialsAdded, int trialsTotal);

    /** The sweep (re)starts with these totals; {@code trialStepsDone} counts trials finished earlier. */
    void started(String sweep, int trialsTotal, int trialsFinished, long trialStepsTotal, long trialStepsDone);

    /**
     * Stack {@code stackId} continues from step {@code fromStep} of an earlier run or attempt;
     * {@code trialSteps} (steps × instances, negative for a retry that starts earlier) count as
     * done, but were not trained by this run.
     */
    void resumed(String stackId, long fromStep, long trialSteps);

    /** {@code trialSteps} more steps were trained (steps × instances). */
    void trained(long trialSteps);

    /** Trials reached a final state. */
    void finished(int trials, int failed);

    ProgressListener NONE = new ProgressListener() {
        @Override
        public void extended(String sweep, int trialsAdded, int trialsTotal) {
        }

        @Override
        public void started(String sweep, int trialsTotal, int trialsFinished, long trialStepsTotal, long trialStepsDone) {
        }

        @Override
        public void resumed(String stackId, long fromStep, long trialSteps) {
        }

        @Override
        public void trained(long trialSteps) {
        }

        @Override
        public void finished(int trials, int failed) {
        }
    };
}
