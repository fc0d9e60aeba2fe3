package dev.superpose.model.sae;

/**
 * How a training pass decodes and takes the weight gradients of one instance's batch: from the
 * active (row, latent) pairs alone in Java ({@link #SPARSE}), or as dense matrix products in the
 * native BLAS ({@link #DENSE}: x̂ = Z·D, Zᵀ·G, D·Gᵀ and dPreᵀ·X over all rows and latents). The two
 * agree within float rounding. {@link #AUTO} picks per instance and batch from that batch's own
 * active fraction, so the choice never depends on the stack's other members and repeats exactly
 * on resume.
 */
public enum CodePath {
    AUTO, SPARSE, DENSE;

    /**
     * Whether a batch of {@code rows} rows with {@code active} active pairs of {@code latents}
     * latents, read from d_in and written to d_out, takes the dense path.
     */
    public boolean dense(int active, int rows, int latents, int inputs, int outputs) {
        return switch (this) {
            case SPARSE -> false;
            case DENSE -> true;
            case AUTO -> DenseThreshold.dense(active, rows, latents, inputs, outputs);
        };
    }
}
