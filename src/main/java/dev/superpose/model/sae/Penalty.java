package dev.superpose.model.sae;

/**
 * What an architecture's sparsity coefficient λ weighs in its loss. The coefficient is named for
 * it ({@link #coefficientName()}), never called an L1 weight where it is not one.
 */
public enum Penalty {
    /** λ · mean_b Σ_l z_bl: the L1 norm of the codes (relu; topk and batchtopk on top of their rule). */
    L1_OF_CODES("l1-coefficient"),
    /** λ · mean_b Σ_l H(pre − θ): the number of active latents (jumprelu). */
    L0_OF_CODES("l0-coefficient"),
    /** λ · mean_b Σ_l ReLU(π_l): the L1 norm of the gate's activations (gated). */
    L1_OF_GATE("l1-coefficient");

    private final String coefficientName;

    Penalty(String coefficientName) {
        this.coefficientName = coefficientName;
    }

    /** The coefficient's name in settings and output. */
    public String coefficientName() {
        return coefficientName;
    }
}
