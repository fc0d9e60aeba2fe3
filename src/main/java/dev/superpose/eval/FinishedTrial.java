package dev.superpose.eval;

import dev.superpose.config.TrialSpec;
import dev.superpose.model.TrialWeights;
import dev.superpose.store.TrialRow;

/** A trial that finished training and evaluation: its plan entry, stored row and weights. */
public record FinishedTrial(TrialSpec spec, TrialRow row, TrialWeights weights) {
}
