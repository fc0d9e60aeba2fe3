package dev.superpose.config;

/** {@code model.variant}: the output non-linearity of a {@link Experiment#TMS} model. */
public enum Variant {
    /** out = WᵀWx + b */
    LINEAR("linear"),
    /** out = ReLU(WᵀWx + b) */
    RELU_OUTPUT("relu-output");

    private final String id;

    Variant(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
