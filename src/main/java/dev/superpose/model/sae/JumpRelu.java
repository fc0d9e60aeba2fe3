package dev.superpose.model.sae;

/**
 * JumpReLU (Rajamanoharan et al. 2024, "Jumping Ahead"): z = pre·H(pre − θ) with a learned
 * threshold θ_l = exp(t_l) per latent, and the loss MSE + λ·L0, L0 = mean_b Σ_l H(pre − θ). The
 * step function has no useful derivative in θ, so θ trains through the paper's straight-through
 * estimator: with the rectangle kernel K(u) = 1[|u| &lt; ½] of bandwidth ε,
 * <pre>
 *   ∂z/∂θ ≈ −(θ/ε)·K((pre − θ)/ε)      ∂H(pre − θ)/∂θ ≈ −(1/ε)·K((pre − θ)/ε)
 * </pre>
 * while ∂z/∂pre = H(pre − θ) and the L0 term has no gradient in pre. The stack trains t = log θ
 * ({@link SaeStack#LOG_THRESHOLD}, gradient θ·∂/∂θ) and exports θ as {@code threshold}.
 *
 * @param bandwidth        ε, the kernel's width (&gt; 0)
 * @param initialThreshold θ of every latent at the start and after resampling (&gt; 0)
 */
public record JumpRelu(double bandwidth, double initialThreshold) implements SaeActivation {

    public JumpRelu {
        if (!(bandwidth > 0 && bandwidth < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("the jumprelu bandwidth must be finite and > 0, got " + bandwidth);
        }
        if (!(initialThreshold > 0 && initialThreshold < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("the jumprelu initial threshold must be finite and > 0, got "
                    + initialThreshold);
        }
    }

    /** Keeps pre[l, b] &gt; θ_l, with {@code threshold} holding θ (not log θ) per latent. */
    @Override
    public void select(double[] pre, int latents, int rows, boolean training, double[] threshold, LatentCodes out) {
        out.begin(latents, rows);
        for (int l = 0, k = 0; l < latents; l++) {
            double theta = threshold[l];
            for (int b = 0; b < rows; b++, k++) {
                if (pre[k] > theta) {
                    out.add(b, pre[k]);
                }
            }
            out.endLatent();
        }
    }

    @Override
    public boolean l1OnCodes() {
        return false;
    }

    @Override
    public String name() {
        return "jumprelu";
    }
}
