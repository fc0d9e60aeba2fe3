package dev.superpose.data.source;

import java.util.Optional;

/**
 * What an SAE stack trains and is evaluated on: training rows, held-out test rows (the training
 * rows themselves when nothing is held out), the rows a model reconstructs from them (the same
 * rows for an SAE, a transcoder's targets, row for row) and, where the source knows them, the
 * true feature directions in the targets' space.
 */
public record SaeData(Activations train, Activations test, Activations trainTarget, Activations testTarget,
                      Optional<GroundTruth> truth) {
    public SaeData {
        if (train.dim() != test.dim() || trainTarget.dim() != testTarget.dim()
                || truth.isPresent() && truth.get().dim() != trainTarget.dim()) {
            throw new IllegalArgumentException("training and test rows, training and test targets, and the targets"
                    + " and the ground truth must each share one dimension");
        }
        if (train.rows() != trainTarget.rows() || test.rows() != testTarget.rows()) {
            throw new IllegalArgumentException("every row needs its target: " + train.rows() + " training rows with "
                    + trainTarget.rows() + " targets, " + test.rows() + " test rows with " + testTarget.rows());
        }
    }

    /** An SAE's data: each row is its own target. */
    public SaeData(Activations train, Activations test, Optional<GroundTruth> truth) {
        this(train, test, train, test, truth);
    }

    /** d_in: the length of a row the model reads. */
    public int dim() {
        return train.dim();
    }

    /** d_out: the length of a row the model reconstructs. */
    public int targetDim() {
        return trainTarget.dim();
    }
}
