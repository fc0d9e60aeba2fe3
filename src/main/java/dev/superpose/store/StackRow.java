package dev.superpose.store;

import dev.superpose.store.Lifecycle.StackStatus;

import java.time.Instant;
import java.util.List;

/**
 * One stack as stored, with the ids of its trials in grid order. {@code trainer} and
 * {@code error} are null until a trainer reports them.
 */
public record StackRow(String stackId, StackStatus status, long stepsDone, long stepsTotal, String trainer,
                       String error, Instant updatedAt, List<String> trialIds) {
    public StackRow {
        trialIds = List.copyOf(trialIds);
    }
}
