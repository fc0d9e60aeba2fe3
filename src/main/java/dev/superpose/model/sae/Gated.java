package dev.superpose.model.sae;

/**
 * The gated SAE (Rajamanoharan et al. 2024, "Improving dictionary learning with gated sparse
 * autoencoders"). One encoder matrix W_gate (the stack's encoder rows) and two paths, with
 * u = (x − b_dec)·W_gateᵀ:
 * <pre>
 *   π = u + b_gate                    (gate; b_gate is the stack's b_enc)
 *   mag = exp(r_mag) ⊙ u + b_mag      (magnitude: the gate's directions rescaled per latent)
 *   f = 1[π &gt; 0] ⊙ ReLU(mag)          x̂ = f·W_dec + b_dec
 *   loss = MSE(x̂, x) + λ·mean_b Σ_l ReLU(π_l) + MSE(x̃, x),   x̃ = ReLU(π)·sg(W_dec) + sg(b_dec)
 * </pre>
 * The decoder rows have unit norm, so the paper's decoder-norm weighting of the L1 term is 1. The
 * gate's Heaviside carries no gradient: the gate path learns from the sparsity and the auxiliary
 * reconstruction x̃, which runs through a frozen (stop-gradient) copy of the decoder. The stack
 * keeps r_mag and b_mag ({@link SaeStack#MAGNITUDE_SCALE}, {@link SaeStack#MAGNITUDE_BIAS}), both
 * starting at 0, and exports them under those names.
 *
 * <p>{@link #select} sees the magnitudes with gated-off entries already zeroed ({@link
 * GatedPass}), so it keeps the positive ones, with their magnitude as the code.
 */
public record Gated() implements SaeActivation {

    /** Keeping the positive magnitudes is ReLU's rule. */
    private static final Relu POSITIVE = new Relu();

    @Override
    public void select(double[] pre, int latents, int rows, boolean training, double[] threshold, LatentCodes out) {
        POSITIVE.select(pre, latents, rows, training, threshold, out);
    }

    @Override
    public boolean l1OnCodes() {
        return false;
    }

    @Override
    public String name() {
        return "gated";
    }
}
