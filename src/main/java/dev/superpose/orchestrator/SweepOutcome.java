package dev.superpose.orchestrator;

/** How a sweep's run ended: trial counts by final state. */
public record SweepOutcome(int trialsTotal, int done, int failed, int diverged) {
    public boolean allSucceeded() {
        return failed == 0;
    }
}
