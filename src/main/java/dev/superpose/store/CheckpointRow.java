package dev.superpose.store;

import java.time.Instant;

/** One checkpoint file of a stack: where it is (an absolute path), its checksum (lowercase hex) and size. */
public record CheckpointRow(String stackId, long step, String path, String checksum, long bytes, Instant createdAt) {
}
