package dev.superpose.analysis.sae;

import java.util.Optional;

/**
 * A trained SAE's scalar metrics on a held-out set (see {@link SaeMetrics}); {@code dictionary}
 * is present when the source has ground-truth features, {@code similarity} (true features against
 * their best decoder rows) when it has them and they are small enough ({@link SaeAnalysis#SIMILARITY_MAX_FEATURES}).
 */
public record SaeSummary(double mse, double fvu, double fvuGlobal, double l0, double l1, double l2,
                         double l1OverSqrtL2, double hoyer, double deadFraction,
                         Optional<DictionaryScores> dictionary,
                         Optional<RepresentationSimilarity.Scores> similarity) {
}
