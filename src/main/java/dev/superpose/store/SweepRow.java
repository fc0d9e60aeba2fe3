package dev.superpose.store;

import dev.superpose.store.Lifecycle.SweepState;

import java.time.Instant;

/** One sweep as stored: its identity (name), resolved config and its hash, and its status. */
public record SweepRow(long id, String name, String experiment, String configHash, String configJson,
                       SweepState status, int trialsTotal, Instant createdAt, Instant updatedAt) {
}
