package dev.superpose.model.sae;

/**
 * What an architecture adds to one instance's pass of {@link SaeStack} beyond a plain sparsity
 * rule: JumpReLU's threshold, the gated encoder, the AuxK loss ({@link AuxKPass}). One object per
 * worker thread, holding its own views and scratch; it sees the worker's buffers of the instance
 * being processed through its {@link PassContext}.
 */
public interface LatentPass {

    /**
     * Called after the pre-activations of instance {@code i} (first {@code rows} columns) are
     * complete and before the rule selects, in training and inference: may fill the threshold
     * row or rewrite the pre-activations the rule selects from.
     */
    void beforeSelect(int i, int rows);

    /**
     * Called in training after the main pass wrote instance {@code i}'s gradients (with λ on the
     * codes only if the architecture's penalty is {@link Penalty#L1_OF_CODES}): adds the pass's
     * own gradients in place and returns its own loss terms.
     *
     * @param coefficient the instance's sparsity coefficient λ (what it weighs: {@link Architecture#penalty()})
     */
    double afterBackward(int i, double coefficient);
}
