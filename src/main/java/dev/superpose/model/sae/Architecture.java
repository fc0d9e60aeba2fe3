package dev.superpose.model.sae;

import java.util.List;

/**
 * One SAE architecture: everything that distinguishes it from the others, in its own class. An
 * architecture owns
 * <ul>
 *   <li>its settings and their validation (the record's components and compact constructor, and
 *       {@link #requireFits} against the dictionary size);</li>
 *   <li>its sparsity rule for training and inference ({@link #select}): which latents fire;</li>
 *   <li>what its sparsity coefficient λ weighs ({@link #penalty()}), so that the coefficient is
 *       named for it in code and output;</li>
 *   <li>its trained per-latent parameters beyond W_enc, W_dec, b_enc and b_dec, with their
 *       names, start values (also after resampling) and export names ({@link #latentParameters()});
 *       an untrained inference threshold if it keeps one ({@link #keepsThreshold()});</li>
 *   <li>its forward and gradient beyond the plain rule ({@link #pass}), which sees one
 *       instance's buffers only through a {@link PassContext}.</li>
 * </ul>
 * {@link SaeStack}, the trainer, the resampler and the exporter know no architecture by name: they
 * ask these methods. The steps to add one are in the package documentation.
 *
 * <p>Every rule here yields z = pre on the latents it keeps and z = 0 elsewhere, so ∂z/∂pre is 1
 * on kept latents and 0 elsewhere; the selection itself is piecewise constant and carries no
 * gradient. Rules that need more (JumpReLU's threshold gradient, the gated encoder) add it in
 * their {@link LatentPass}.
 */
public sealed interface Architecture permits Relu, TopK, BatchTopK, JumpRelu, Gated, Matryoshka {

    /** The architecture's name in configs, exports and messages: relu, topk, batchtopk, jumprelu, gated, matryoshka. */
    String name();

    /** What the stack's per-instance coefficient λ weighs. */
    Penalty penalty();

    /** Validates the settings against the stack's latent count. */
    default void requireFits(int latents) {
    }

    /**
     * Chooses one instance's active latents for a batch.
     *
     * @param pre       pre-activations, latent-major: {@code pre[l * rows + b]}
     * @param threshold this instance's per-latent inference threshold ({@link #keepsThreshold()},
     *                  or filled by the architecture's pass); training may update it, inference
     *                  reads it; unused otherwise
     * @param training  batch-level rules select over the batch when training, per sample otherwise
     * @param out       receives the kept (latent, row, value) triples, latent-major
     */
    void select(double[] pre, int latents, int rows, boolean training, double[] threshold, LatentCodes out);

    /**
     * Whether the rule keeps an untrained per-latent threshold for inference that training
     * updates ([I, L], exported as {@code threshold} [L], saved in the training state).
     */
    default boolean keepsThreshold() {
        return false;
    }

    /** Whether the AuxK loss of dead latents ({@link AuxK}) applies: the top-k rules. */
    default boolean allowsAuxK() {
        return false;
    }

    /** The trained per-latent parameters beyond the four of every SAE, in a fixed order. */
    default List<LatentParameterSpec> latentParameters() {
        return List.of();
    }

    /**
     * The architecture's part of one worker thread's pass, or null when the plain rule is all:
     * called once per worker, with that worker's buffers.
     */
    default LatentPass pass(PassContext context) {
        return null;
    }
}
