package dev.superpose.orchestrator;

/**
 * How a sweep's run ended: trial counts by final state, and whether it was interrupted (Ctrl-C,
 * SIGTERM) before every trial finished.
 */
public record SweepOutcome(int trialsTotal, int done, int failed, int diverged, boolean interrupted) {
    public boolean allSucceeded() {
        return failed == 0;
    }
}
