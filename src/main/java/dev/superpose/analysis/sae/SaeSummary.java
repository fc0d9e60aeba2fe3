package dev.superpose.analysis.sae;

import java.util.Optional;

/**
 * A trained SAE's scalar metrics on a held-out set (see {@link SaeMetrics}); {@code dictionary}
 * is present when the source has ground-truth features.
 */
public record SaeSummary(double mse, double fvu, double fvuGlobal, double l0, double l1, double l2,
                         double l1OverSqrtL2, double hoyer, double deadFraction,
                         Optional<DictionaryScores> dictionary) {
}
