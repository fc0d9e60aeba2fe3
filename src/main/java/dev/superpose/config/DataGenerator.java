package dev.superpose.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code data.kind} of a trial with the settings only that kind reads. Settings of the
 * other kinds are validated but not carried, so two trials that differ only in a setting their
 * kind ignores draw the same data.
 */
public sealed interface DataGenerator {
    /** Also written as a property when a trial config is stored as JSON: the record's fields alone do not say the kind. */
    @JsonProperty("kind")
    DataKind kind();

    /** Independent presence with {@code data.feature-probability}, magnitude {@code data.magnitude}. */
    record Sparse() implements DataGenerator {
        @Override
        public DataKind kind() {
            return DataKind.SPARSE;
        }
    }

    /** Sparse presence; a present value is ±X with X ~ Lomax(shape, scale 1) and a fair random sign. */
    record Lomax(double shape) implements DataGenerator {
        @Override
        public DataKind kind() {
            return DataKind.LOMAX;
        }
    }

    /**
     * Topic model: {@code topics} profiles p_k,i ~ Beta(betaA, betaB) drawn once per trial seed;
     * each sample mixes them with θ ~ Dirichlet(concentration) and feature i is present with
     * probability Σ_k θ_k p_k,i.
     */
    record Clustered(int topics, double betaA, double betaB, double concentration) implements DataGenerator {
        @Override
        public DataKind kind() {
            return DataKind.CLUSTERED;
        }
    }

    /**
     * Gaussian copula (after Sharkey et al.): marginal probability of feature i ∝ decay^i, scaled
     * so that {@code meanActive} features are present on average; presence correlated through a
     * random correlation matrix drawn once per trial seed.
     */
    record Sharkey(double probabilityDecay, double meanActive) implements DataGenerator {
        @Override
        public DataKind kind() {
            return DataKind.SHARKEY;
        }
    }
}
