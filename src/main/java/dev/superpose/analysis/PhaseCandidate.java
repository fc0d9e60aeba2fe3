package dev.superpose.analysis;

import dev.superpose.model.TmsWeights;

/**
 * One of the paper's natural solutions for a phase-diagram cell, with its free parameters
 * (weights and biases) set to minimise the expected loss.
 *
 * @param construction the regime the candidate was built as; its optimum may have slid into another
 *                     (an antipodal pair whose partner shrank to nothing), which {@link PhaseClassifier} tells
 * @param weights      the optimised weights and biases
 * @param expectedLoss its exact expected loss ({@link ExpectedLoss}, summed over features)
 */
public record PhaseCandidate(PhaseRegime construction, TmsWeights weights, double expectedLoss) {
}
