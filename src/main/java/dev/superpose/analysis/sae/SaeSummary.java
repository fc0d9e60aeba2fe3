package dev.superpose.analysis.sae;

import java.util.Optional;

/**
 * A trained SAE's scalar metrics on a held-out set (see {@link SaeMetrics}); {@code dictionary}
 * is present when the source has ground-truth features.
 */
public record SaeSummary(double mse, double fvu, double l0, double l1, double deadFraction,
                         Optional<DictionaryScores> dictionary) {
}
