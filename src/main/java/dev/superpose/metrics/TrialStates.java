package dev.superpose.metrics;

import dev.superpose.store.Lifecycle.TrialStatus;

/** How many trials of a sweep are in each state right now. */
public record TrialStates(int pending, int running, int done, int failed, int diverged) {
    /** The count of {@code status}; the switch is exhaustive, so a new status must be counted here. */
    public int count(TrialStatus status) {
        return switch (status) {
            case PENDING -> pending;
            case RUNNING -> running;
            case DONE -> done;
            case FAILED -> failed;
            case DIVERGED -> diverged;
        };
    }
}
