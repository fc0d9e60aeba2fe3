package dev.superpose.store;

import dev.superpose.store.Lifecycle.EventKind;

import java.time.Instant;

/** One event of a sweep's log; {@code stackId}, {@code trialId} and {@code detail} may be null. */
public record EventRow(long id, Instant at, EventKind kind, String stackId, String trialId, String detail) {
}
