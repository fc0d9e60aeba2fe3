package dev.superpose.train;

/**
 * Where a stack's training stands; pure, cheap, and free of ND4J, for callers that poll.
 *
 * @param stepsDone  completed optimisation steps
 * @param totalSteps steps the stack trains for
 * @param logEvery   the loss is recorded every this many steps (and after the last step)
 */
public record TrainingProgress(long stepsDone, int totalSteps, int logEvery) {

    public double fraction() {
        return totalSteps == 0 ? 1.0 : (double) stepsDone / totalSteps;
    }

    public boolean finished() {
        return stepsDone >= totalSteps;
    }

    /** Whether the loss of the step just completed should be recorded. */
    public boolean isLogStep() {
        return stepsDone > 0 && (stepsDone % logEvery == 0 || stepsDone == totalSteps);
    }
}
