package dev.superpose.model.sae;

import dev.superpose.model.ArrayElements;

/**
 * What a {@link LatentPass} sees of the worker thread it runs on, for the instance it is given:
 * the current batch, the forward pass's buffers, and views of the parameters and gradients. The
 * arrays are the worker's own and live: a pass reads the state the main pass left and writes its
 * gradients through the views. Nothing else of the stack is reachable from a pass.
 */
public interface PassContext {

    int inputs();

    int latents();

    /**
     * Rows of the current training batch: the stack's batch, or fewer for an epoch's short last
     * batch (the pre-activations then have this stride). Before the first step, the stack's batch.
     */
    int batch();

    /** The current training batch, B × d row-major. */
    double[] input();

    /** The instance's pre-activations, latent-major ({@code pre[l * rows + b]}); a pass may rewrite them before the selection. */
    double[] preActivations();

    /** The per-latent threshold row the rule selects with: a pass may fill it before the selection. */
    double[] thresholdRow();

    /** The instance's active latents of the latest selection. */
    LatentCodes codes();

    /** b_dec of the instance, loaded by the forward pass. */
    double[] decoderBias();

    /** x̂ of the latest forward pass, B × d. */
    double[] reconstruction();

    /** dLoss/dx̂ of the main loss, B × d (training, after the main pass). */
    double[] reconstructionGradient();

    /**
     * Σ_b dLoss/dpre per latent as the main pass wrote it (b_enc's gradient); a pass that adds to
     * b_enc's gradient updates it here and writes it with {@link #writeEncoderBiasGradient}.
     */
    double[] latentSums();

    /** Loads decoder row l of instance i, at unit norm, into {@link #decoderRows()} at {@code l * d}. */
    void loadDecoderRow(int i, int l);

    /** The decoder rows loaded so far ([L·d]; the main pass loads those of firing latents). */
    double[] decoderRows();

    /**
     * gradient ← its component orthogonal to loaded decoder row l, divided by ‖v_l‖ under weight
     * norm: a decoder-row gradient with respect to the parameter row.
     */
    void projectOntoTangent(double[] gradient, int l);

    /** Instance i's latent l is dead (AuxK's input, filled by the trainer); false without AuxK. */
    boolean dead(int i, int l);

    /**
     * Records that the pass wrote weight-gradient rows of latent l of instance i that the main
     * pass did not (l did not fire), so that the next pass clears them.
     */
    void markGradientRows(int i, int l);

    /** Encoder rows [I, L, d] (for gated: W_gate). */
    ArrayElements encoder();

    /** b_enc [I, L]. */
    ArrayElements encoderBias();

    ArrayElements gradEncoder();

    ArrayElements gradDecoder();

    /**
     * Writes b_enc's gradient row of instance i and the code sums that b_dec's gradient pulls
     * through the encoder: Σ_b dLoss/dpre per latent, for both.
     */
    void writeEncoderBiasGradient(int i, double[] encoderBiasGradient, double[] codeSums);

    /**
     * Adds to b_dec's gradient of instance i the part that comes straight from a reconstruction
     * (Σ_b dLoss/dx̂_b of the pass's own terms; the part through the encoder comes from the code sums).
     */
    void addDecoderBiasGradient(int i, double[] gradient);

    /** The stack's storage of the architecture's parameter {@code name}. */
    LatentParameter latentParameter(String name);
}
