package dev.superpose.config;

/** {@code train.optimizer}. */
public enum Optimizer {
    ADAM("adam"),
    /** Adam with decoupled weight decay ({@code train.weight-decay}). */
    ADAMW("adamw");

    private final String id;

    Optimizer(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
