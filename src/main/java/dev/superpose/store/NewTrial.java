package dev.superpose.store;

import java.util.Objects;

/** A trial to insert: its id, position in the grid expansion, seed, grid point and full config (JSON). */
public record NewTrial(String trialId, int index, long seed, String gridPointJson, String configJson) {
    public NewTrial {
        Objects.requireNonNull(trialId, "trialId");
        Objects.requireNonNull(gridPointJson, "gridPointJson");
        Objects.requireNonNull(configJson, "configJson");
        if (index < 0) {
            throw new IllegalArgumentException("trial " + trialId + ": index must be >= 0, got " + index);
        }
    }
}
