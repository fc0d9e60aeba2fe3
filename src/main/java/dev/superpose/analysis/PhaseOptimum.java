package dev.superpose.analysis;

import java.util.List;

/**
 * The analytic optimum of one phase-diagram cell.
 *
 * @param regime     the regime of the lowest-loss candidate's weights, as {@link PhaseClassifier} reads them
 * @param best       the lowest-loss candidate
 * @param candidates all candidates, in the order they were built
 */
public record PhaseOptimum(PhaseRegime regime, PhaseCandidate best, List<PhaseCandidate> candidates) {
    public PhaseOptimum {
        candidates = List.copyOf(candidates);
    }
}
