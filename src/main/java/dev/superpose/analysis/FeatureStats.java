package dev.superpose.analysis;

/**
 * Metrics of one feature of a trained toy model (one row of features.csv).
 *
 * @param feature        the feature's index i
 * @param importance     its importance weight in the loss
 * @param probability    the probability that it is active in an input
 * @param norm           ||W_i||, the length of its embedding
 * @param interference   Σ_{j≠i} (Ŵ_i·W_j)²: how much other features project onto its direction
 *                       (0 for a zero-norm feature)
 * @param dimensionality D_i = ||W_i||² / Σ_j (Ŵ_i·W_j)², the fraction of a dimension it occupies
 *                       (1 alone in its direction, 1/2 in an antipodal pair; 0 for a zero-norm feature)
 * @param geometry       the paper's arrangement nearest to D_i, or not represented (||W_i|| ≤ 0.5)
 * @param bias           b_i, its output bias
 */
public record FeatureStats(int feature, double importance, double probability, double norm,
                           double interference, double dimensionality, FeatureGeometry geometry, double bias) {
}
