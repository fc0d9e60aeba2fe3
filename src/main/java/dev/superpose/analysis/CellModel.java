package dev.superpose.analysis;

import dev.superpose.model.TmsWeights;

/**
 * One trained model of a phase-diagram cell (or of any grid point): its cell, final loss and weights.
 *
 * @param <K> what identifies a cell, e.g. a grid point's coordinates
 */
public record CellModel<K>(K cell, double loss, TmsWeights weights) {
}
