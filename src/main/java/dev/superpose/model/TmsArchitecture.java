package dev.superpose.model;

import dev.superpose.config.Experiment;
import dev.superpose.config.Variant;

/** Where a toy model applies ReLU: on the hidden layer, on the output, both or neither. */
public enum TmsArchitecture {
    /** out = WᵀWx + b */
    LINEAR(false, false),
    /** out = ReLU(WᵀWx + b) */
    RELU_OUTPUT(false, true),
    /** out = ReLU(Wᵀ·ReLU(Wx) + b) */
    NEURON(true, true);

    private final boolean hiddenRelu;
    private final boolean outputRelu;

    TmsArchitecture(boolean hiddenRelu, boolean outputRelu) {
        this.hiddenRelu = hiddenRelu;
        this.outputRelu = outputRelu;
    }

    public boolean hiddenRelu() {
        return hiddenRelu;
    }

    public boolean outputRelu() {
        return outputRelu;
    }

    /** The architecture of an experiment; the variant only matters for {@link Experiment#TMS}. */
    public static TmsArchitecture of(Experiment experiment, Variant variant) {
        return switch (experiment) {
            case TMS_NEURON -> NEURON;
            case TMS -> variant == Variant.LINEAR ? LINEAR : RELU_OUTPUT;
            default -> throw new IllegalArgumentException(experiment.id() + " is not a TMS architecture");
        };
    }
}
