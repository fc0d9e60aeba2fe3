package dev.superpose.store;

import dev.superpose.store.Lifecycle.SweepState;
import dev.superpose.store.Lifecycle.TrialStatus;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Where a sweep stands. Trial-steps count each trial's optimisation steps: a done or diverged
 * trial counts all of its stack's steps, a running one its stack's steps so far, a pending one
 * none; failed trials are left out of both counts, as their work will not be done.
 *
 * @param countsByState       trials per state, every {@link TrialStatus} present, in that order
 * @param trialStepsPerSecond trial-steps per second over the recent window, 0 when nothing was logged in it
 * @param meanTrialStepsPerSecond trial-steps done per second of training over all runs: from each start of a
 *                            stack to its last loss point of that attempt, overlapping stacks counted once;
 *                            0 before the first loss point
 * @param etaSeconds          seconds until the remaining trial-steps are done at that rate; 0 when none
 *                            remain, empty when the rate is 0
 * @param lastEvent           the newest event, or null
 * @param lastError           the newest error of a stack or trial, or null
 * @param updatedAt           the newest change to the sweep, its stacks or its trials
 */
public record SweepStatus(String name, String experiment, SweepState status, int trialsTotal,
                          Map<TrialStatus, Long> countsByState, long trialStepsDone, long trialStepsTotal,
                          double trialStepsPerSecond, double meanTrialStepsPerSecond, OptionalDouble etaSeconds, EventRow lastEvent,
                          String lastError, Instant updatedAt) {
    public SweepStatus {
        countsByState = Collections.unmodifiableMap(new EnumMap<>(countsByState));
    }
}
