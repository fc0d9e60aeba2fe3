package dev.superpose.model.sae;

/**
 * What an architecture adds to one instance's pass of {@link SaeStack} beyond a plain sparsity
 * rule: JumpReLU's threshold ({@link JumpReluPass}), the gated encoder ({@link GatedPass}), the
 * AuxK loss ({@link AuxKPass}). One object per worker thread, holding its own views and scratch;
 * it reads the worker's buffers of the instance being processed.
 */
interface LatentPass {

    /**
     * Called after the pre-activations of instance {@code i} (first {@code rows} columns) are
     * complete and before the rule selects, in training and inference: may fill the worker's
     * threshold row or rewrite the pre-activations the rule selects from.
     */
    void beforeSelect(int i, int rows);

    /**
     * Called in training after the main pass wrote instance {@code i}'s gradients (with λ on the
     * codes only if the rule wants it): adds the architecture's own gradients in place and
     * returns its own loss terms.
     *
     * @param l1 the instance's sparsity coefficient λ
     */
    double afterBackward(int i, double l1);
}
