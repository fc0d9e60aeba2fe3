package dev.superpose.data.source;

import java.util.Optional;

/**
 * What an SAE stack trains and is evaluated on: training rows, held-out test rows (the training
 * rows themselves when nothing is held out) and, where the source knows them, the true feature
 * directions.
 */
public record SaeData(Activations train, Activations test, Optional<GroundTruth> truth) {
    public SaeData {
        if (train.dim() != test.dim() || truth.isPresent() && truth.get().dim() != train.dim()) {
            throw new IllegalArgumentException("training rows, test rows and ground truth must share one dimension");
        }
    }

    public int dim() {
        return train.dim();
    }
}
