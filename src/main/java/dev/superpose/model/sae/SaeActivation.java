package dev.superpose.model.sae;

/**
 * The sparsity rule of an SAE stack: which latents of a batch fire, given their pre-activations.
 * Every rule here yields z = pre on the latents it keeps (all of them with pre &gt; 0) and z = 0
 * elsewhere, so ∂z/∂pre is 1 on kept latents and 0 elsewhere; the selection itself is piecewise
 * constant and carries no gradient. A rule that needs more (JumpReLU's threshold gradient, a gated
 * encoder) joins this sealed family and gets its own hook in {@link SaeStack}.
 */
public sealed interface SaeActivation permits Relu, TopK, BatchTopK {

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

    /** Whether the rule keeps a per-latent threshold for inference (exported as {@code threshold} [L]). */
    default boolean hasThreshold() {
        return false;
    }

    /** Validates the rule against the stack's latent count. */
    default void requireFits(int latents) {
    }

    /** The rule's name in configs and messages: relu, topk, batchtopk. */
    String name();
}
