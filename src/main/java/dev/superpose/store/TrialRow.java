package dev.superpose.store;

import dev.superpose.store.Lifecycle.TrialStatus;

import java.time.Instant;

/**
 * One trial as stored. {@code stackId}, {@code error} and {@code metricsJson} are null until the
 * trial is assigned to a stack, fails, or completes.
 */
public record TrialRow(String trialId, int index, long seed, String gridPointJson, String configJson,
                       TrialStatus status, String stackId, String error, String metricsJson, long stepsDone,
                       Instant updatedAt) {
}
