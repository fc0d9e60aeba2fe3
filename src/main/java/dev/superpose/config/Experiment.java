package dev.superpose.config;

/** The experiments a sweep can run; {@link #id()} is the name used in sweep files. */
public enum Experiment {
    /** Toy model of superposition: out = f(WᵀWx + b), f per {@link Variant}. */
    TMS("tms"),
    /** Privileged basis: out = ReLU(Wᵀ·ReLU(Wx) + b). */
    TMS_NEURON("tms-neuron"),
    /** Computation in superposition: y = ReLU(W2·ReLU(W1 x) + b) learning |x|. */
    TMS_ABS("tms-abs"),
    /** Sparse autoencoders on activations from a {@link SourceConfig source}. */
    SAE("sae");

    private final String id;

    Experiment(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
