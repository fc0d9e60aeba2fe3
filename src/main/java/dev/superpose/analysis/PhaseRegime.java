package dev.superpose.analysis;

/**
 * How a toy model with one "extra" feature more than it has hidden dimensions stores its features
 * (Elhage et al. 2022, "Superposition as a Phase Change"). Each regime is named, as in the paper
 * and in Wattenberg's exact models, by the direction W ignores: W ⊥ e_extra, W ⊥ e_other,
 * W ⊥ e_extra + e_other (an antipodal pair), …
 */
public enum PhaseRegime {
    /** W ⊥ e_extra: the other features keep their dimensions, the extra feature is dropped (W = [1, 0]). */
    EXTRA_NOT_LEARNED("extra feature not learned"),
    /** W ⊥ e_other: the extra feature takes the dimension of another feature, which is dropped (W = [0, 1]). */
    EXTRA_REPLACES_OTHER("extra feature dedicated, another dropped"),
    /** W ⊥ e_other + e_extra: the extra feature shares a dimension with another as an antipodal pair (W = [1, −1]). */
    EXTRA_ANTIPODAL("extra feature antipodal with another"),
    /** W ⊥ e_1 + e_2: two other features form an antipodal pair and the extra one gets a dimension (3 features in 2). */
    OTHERS_ANTIPODAL("others antipodal, extra dedicated"),
    /** W ⊥ e_1 + e_2 + e_3: three features as a triangle in a plane; not among the paper's candidates, but learnable. */
    TRIANGLE("all three in a triangle"),
    /** Anything else: nothing represented, features neither orthogonal nor in one of the arrangements above, … */
    UNCLASSIFIED("unclassified");

    private final String label;

    PhaseRegime(String label) {
        this.label = label;
    }

    /** A short description for figure legends. */
    public String label() {
        return label;
    }
}
