package dev.superpose.config;

/** {@code data.anticorrelated-mode}: how the members of an anticorrelated feature set exclude each other. */
public enum AnticorrelatedMode {
    /**
     * At most one member is present, each with marginal probability p (the set is empty with
     * probability 1 − k·p, so k·p ≤ 1 for sets of k). Equivalently: the set is active with
     * probability k·p and then exactly one member, chosen uniformly, is present. For sparse
     * features this is the only model in which members exclude each other and each keeps
     * marginal p: disjoint events are fixed by their probabilities.
     */
    AT_MOST_ONE("at-most-one"),
    /**
     * Exactly one member, chosen uniformly, is present in every sample: a categorical feature
     * (one-hot, like a token's identity). Each member's marginal is 1/k; feature-probability
     * does not apply to the set.
     */
    EXACTLY_ONE("exactly-one");

    private final String id;

    AnticorrelatedMode(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
