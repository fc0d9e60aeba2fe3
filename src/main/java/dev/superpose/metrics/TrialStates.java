package dev.superpose.metrics;

/** How many trials of a sweep are in each state right now. */
public record TrialStates(int pending, int running, int done, int failed, int diverged) {
}
