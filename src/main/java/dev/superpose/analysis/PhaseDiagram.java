package dev.superpose.analysis;

/**
 * The two phase diagrams of Elhage et al. 2022 ("Superposition as a Phase Change"): ReLU-output
 * models with one feature more than hidden dimensions, the last feature being the "extra" one
 * whose importance r (relative to the others' 1) and whose density 1 − S (shared by all features)
 * span the diagram.
 */
public enum PhaseDiagram {
    /** 2 features in 1 hidden dimension. */
    TWO_IN_ONE(2, 1),
    /** 3 features in 2 hidden dimensions. */
    THREE_IN_TWO(3, 2);

    private final int features;
    private final int hidden;

    PhaseDiagram(int features, int hidden) {
        this.features = features;
        this.hidden = hidden;
    }

    public int features() {
        return features;
    }

    public int hidden() {
        return hidden;
    }

    /** The index of the extra feature: the last one. */
    public int extraFeature() {
        return features - 1;
    }

    /** The importances of one cell: 1 for every feature but the extra one, which gets {@code relativeImportance}. */
    public double[] importance(double relativeImportance) {
        double[] importance = new double[features];
        java.util.Arrays.fill(importance, 1);
        importance[extraFeature()] = relativeImportance;
        return importance;
    }
}
