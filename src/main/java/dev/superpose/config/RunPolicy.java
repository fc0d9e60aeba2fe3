package dev.superpose.config;

import java.util.List;

/**
 * How a sweep is run, as opposed to what it computes: these settings change neither a trial's
 * trajectory nor its results, so they are left out of the config hash (a sweep may be resumed
 * with other values) and cannot be swept by a grid.
 *
 * @param stackSize       {@code sweep.stack-size}: at most this many trials per stack
 * @param checkpointEvery {@code train.checkpoint-every}: a running stack is checkpointed every N steps
 * @param maxRetries      {@code train.max-retries}: a failing stack is retried this many times
 *                        from its last checkpoint, then its trials are marked failed
 */
public record RunPolicy(int stackSize, int checkpointEvery, int maxRetries) {
    /** The setting paths of a run policy. */
    static final List<String> PATHS = List.of("sweep.stack-size", "train.checkpoint-every", "train.max-retries");

    static RunPolicy read(Settings settings) {
        return new RunPolicy(settings.integer("sweep.stack-size", 1), settings.integer("train.checkpoint-every", 1),
                settings.integer("train.max-retries", 0));
    }
}
