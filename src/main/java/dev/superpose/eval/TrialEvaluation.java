package dev.superpose.eval;

import dev.superpose.store.Lifecycle.TrialStatus;

import java.util.Map;

/** One trained trial's outcome: DONE or DIVERGED, and its scalar metrics in column order. */
public record TrialEvaluation(String trialId, TrialStatus status, Map<String, Double> metrics) {
    public TrialEvaluation {
        metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
    }
}
