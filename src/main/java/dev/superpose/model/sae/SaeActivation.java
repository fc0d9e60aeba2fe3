package dev.superpose.model.sae;

/**
 * The sparsity rule of an SAE stack: which latents of a batch fire, given their pre-activations.
 * Every rule here yields z = pre on the latents it keeps (all of them with pre &gt; 0) and z = 0
 * elsewhere, so ∂z/∂pre is 1 on kept latents and 0 elsewhere; the selection itself is piecewise
 * constant and carries no gradient. The rules that need more ({@link JumpRelu}'s threshold
 * gradient, the {@link Gated} encoder) add it through a {@link LatentPass} of {@link SaeStack}.
 */
public sealed interface SaeActivation permits Relu, TopK, BatchTopK, JumpRelu, Gated {

    /**
     * Chooses one instance's active latents for a batch.
     *
     * @param pre       pre-activations, latent-major: {@code pre[l * rows + b]}
     * @param threshold this instance's per-latent inference threshold ({@link #hasThreshold()});
     *                  training may update it, inference reads it; unused otherwise
     * @param training  batch-level rules select over the batch when training, per sample otherwise
     * @param out       receives the kept (latent, row, value) triples, latent-major
     */
    void select(double[] pre, int latents, int rows, boolean training, double[] threshold, LatentCodes out);

    /**
     * Whether the rule keeps an untrained per-latent threshold for inference that training
     * updates (exported as {@code threshold} [L]); JumpReLU's threshold is a trained parameter.
     */
    default boolean hasThreshold() {
        return false;
    }

    /**
     * Whether the stack's λ weighs Σ z, the L1 of the codes; false for rules with a penalty of
     * their own (JumpReLU's L0, the gated SAE's L1 of its gate).
     */
    default boolean l1OnCodes() {
        return true;
    }

    /** Validates the rule against the stack's latent count. */
    default void requireFits(int latents) {
    }

    /** The rule's name in configs and messages: relu, topk, batchtopk, jumprelu, gated. */
    String name();
}
