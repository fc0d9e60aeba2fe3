package dev.superpose.config;

import java.util.Arrays;
import java.util.stream.Collectors;

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

    /** The experiment named {@code id}, or {@code null} when there is none. */
    public static Experiment byId(String id) {
        return Arrays.stream(values()).filter(e -> e.id.equals(id)).findFirst().orElse(null);
    }

    public static String allIds() {
        return Arrays.stream(values()).map(Experiment::id).collect(Collectors.joining(", "));
    }
}
