package dev.superpose.orchestrator;

/** A stored checkpoint of a stack: the state after {@code step} steps, in {@code path}. */
public record CheckpointRef(long step, String path, String checksum) implements CborSerializable {
}
