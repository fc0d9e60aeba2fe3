package dev.superpose.store;

import java.time.Instant;

/** One event of a sweep's log; {@code stackId}, {@code trialId} and {@code detail} may be null. */
public record EventRow(long id, Instant at, String kind, String stackId, String trialId, String detail) {
}
